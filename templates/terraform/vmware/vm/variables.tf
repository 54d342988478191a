variable "datacenter" {
  description = "vSphere datacenter."
  type        = string
  default     = "Datacenter"
}

variable "cluster" {
  description = "Compute cluster that runs the VM."
  type        = string
  default     = "Cluster"
}

variable "datastore" {
  description = "Datastore for the VM's disk."
  type        = string
  default     = "datastore1"
}

variable "network" {
  description = "Port group the VM is attached to."
  type        = string
  default     = "VM Network"
}

variable "template" {
  description = "Template VM to clone (with cloud-init and VMware Tools)."
  type        = string

  validation {
    condition     = length(trimspace(var.template)) > 0
    error_message = "The template must name a VM template in the datacenter."
  }
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

variable "cpus" {
  description = "Number of virtual CPUs."
  type        = number
  default     = 2

  validation {
    condition     = var.cpus >= 1 && var.cpus <= 128
    error_message = "The number of CPUs must be between 1 and 128."
  }
}

variable "memory_mb" {
  description = "Memory in MiB."
  type        = number
  default     = 4096

  validation {
    condition     = var.memory_mb >= 512 && var.memory_mb <= 6291456
    error_message = "The memory must be between 512 and 6291456 MiB."
  }
}

variable "disk_size_gb" {
  description = "Disk size in GB (at least the template's)."
  type        = number
  default     = 40

  validation {
    condition     = var.disk_size_gb >= 1 && var.disk_size_gb <= 62000
    error_message = "The disk size must be between 1 and 62000 GB."
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
