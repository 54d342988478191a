variable "cluster" {
  description = "Prism Element cluster that runs the VM."
  type        = string

  validation {
    condition     = length(trimspace(var.cluster)) > 0
    error_message = "The cluster must name a cluster registered in Prism Central."
  }
}

variable "subnet" {
  description = "Subnet the VM is attached to."
  type        = string
  default     = "vm-network"
}

variable "image" {
  description = "Disk image with cloud-init."
  type        = string
  default     = "debian-12-cloud"
}

variable "name" {
  description = "VM name."
  type        = string
  default     = "cloudya-vm"

  validation {
    condition     = can(regex("^[A-Za-z0-9]([-A-Za-z0-9]{0,78}[A-Za-z0-9])?$", var.name))
    error_message = "The name must be letters, digits or dashes (at most 80 characters)."
  }
}

variable "vcpus" {
  description = "Number of vCPUs."
  type        = number
  default     = 2

  validation {
    condition     = var.vcpus >= 1 && var.vcpus <= 64
    error_message = "The number of vCPUs must be between 1 and 64."
  }
}

variable "memory_mb" {
  description = "Memory in MiB."
  type        = number
  default     = 4096

  validation {
    condition     = var.memory_mb >= 512 && var.memory_mb <= 1048576
    error_message = "The memory must be between 512 and 1048576 MiB."
  }
}

variable "disk_size_gb" {
  description = "Boot disk size in GB."
  type        = number
  default     = 40

  validation {
    condition     = var.disk_size_gb >= 4 && var.disk_size_gb <= 8192
    error_message = "The disk size must be between 4 and 8192 GB."
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
