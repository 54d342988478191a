variable "node" {
  description = "Proxmox node that runs the VM."
  type        = string
  default     = "pve"

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$", var.node))
    error_message = "The node must be a Proxmox node name such as pve or pve-01."
  }
}

variable "name" {
  description = "VM name (a DNS label)."
  type        = string
  default     = "cloudya-vm"

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", var.name))
    error_message = "The name must be lowercase letters, digits or dashes (a DNS label, at most 63 characters)."
  }
}

variable "template_vm_id" {
  description = "ID of the cloud-init template VM to clone."
  type        = number

  validation {
    condition     = var.template_vm_id >= 100 && var.template_vm_id <= 999999999
    error_message = "The template VM ID must be between 100 and 999999999."
  }
}

variable "cores" {
  description = "Number of CPU cores."
  type        = number
  default     = 2

  validation {
    condition     = var.cores >= 1 && var.cores <= 128
    error_message = "The number of cores must be between 1 and 128."
  }
}

variable "memory_mb" {
  description = "Memory in MiB."
  type        = number
  default     = 2048

  validation {
    condition     = var.memory_mb >= 512 && var.memory_mb <= 1048576
    error_message = "The memory must be between 512 and 1048576 MiB."
  }
}

variable "disk_size_gb" {
  description = "Boot disk size in GB."
  type        = number
  default     = 20

  validation {
    condition     = var.disk_size_gb >= 4 && var.disk_size_gb <= 4096
    error_message = "The disk size must be between 4 and 4096 GB."
  }
}

variable "datastore" {
  description = "Datastore for the disk and the cloud-init drive."
  type        = string
  default     = "local-lvm"
}

variable "bridge" {
  description = "Network bridge."
  type        = string
  default     = "vmbr0"
}

variable "ipv4_cidr" {
  description = "Static address in CIDR form (empty: DHCP)."
  type        = string
  default     = ""

  validation {
    condition     = var.ipv4_cidr == "" || can(cidrhost(var.ipv4_cidr, 0))
    error_message = "The address must be in CIDR form, such as 192.168.1.50/24, or empty for DHCP."
  }
}

variable "ipv4_gateway" {
  description = "Gateway for a static address."
  type        = string
  default     = ""

  validation {
    condition     = var.ipv4_gateway == "" || can(regex("^\\d{1,3}(\\.\\d{1,3}){3}$", var.ipv4_gateway))
    error_message = "The gateway must be an IPv4 address, or empty."
  }
}

variable "ssh_user" {
  description = "User created by cloud-init (the SSH login)."
  type        = string
  default     = "cloudya"

  validation {
    condition     = can(regex("^[a-z_][a-z0-9_-]{0,31}$", var.ssh_user))
    error_message = "The SSH user must be a Linux user name (lowercase, at most 32 characters)."
  }
}

variable "ssh_public_key" {
  description = "Public key allowed to log in as the SSH user."
  type        = string

  validation {
    condition     = can(regex("^(ssh-(ed25519|rsa)|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/=]+", trimspace(var.ssh_public_key)))
    error_message = "The SSH public key must be an OpenSSH public key line (ssh-ed25519 AAAA..., ssh-rsa AAAA...)."
  }
}
