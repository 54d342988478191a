variable "location" {
  description = "Azure region (programmatic name)."
  type        = string
  default     = "francecentral"

  validation {
    condition     = can(regex("^[a-z]+[a-z0-9]*$", var.location))
    error_message = "The location must be a programmatic Azure region name such as francecentral or westeurope."
  }
}

variable "name" {
  description = "Name prefix for every resource."
  type        = string
  default     = "cloudya"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.name))
    error_message = "The name must start with a lowercase letter and hold 2-31 lowercase letters, digits or dashes."
  }
}

variable "vm_size" {
  description = "Azure VM size."
  type        = string
  default     = "Standard_B1s"

  validation {
    condition     = can(regex("^(Standard|Basic)_[A-Za-z0-9_]+$", var.vm_size))
    error_message = "The VM size must look like Standard_B1s."
  }
}

variable "admin_username" {
  description = "Administrator user name."
  type        = string
  default     = "azureuser"

  validation {
    condition     = can(regex("^[a-z_][a-z0-9_-]{0,31}$", var.admin_username)) && !contains(["admin", "root", "administrator"], var.admin_username)
    error_message = "The admin user name must be a valid Linux user name other than admin, root or administrator."
  }
}

variable "ssh_public_key" {
  description = "SSH public key (OpenSSH format) for the administrator."
  type        = string

  validation {
    condition     = can(regex("^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp[0-9]+) [A-Za-z0-9+/=]+", var.ssh_public_key))
    error_message = "The SSH public key must be in OpenSSH format (ssh-ed25519 AAAA... or ssh-rsa AAAA...)."
  }
}

variable "vnet_cidr" {
  description = "Address space of the virtual network."
  type        = string
  default     = "10.10.0.0/16"

  validation {
    condition     = can(cidrhost(var.vnet_cidr, 0))
    error_message = "The virtual network CIDR must be a valid IPv4 CIDR block, such as 10.10.0.0/16."
  }
}

variable "allowed_ssh_cidr" {
  description = "CIDR block allowed to reach SSH (port 22)."
  type        = string
  default     = "0.0.0.0/0"

  validation {
    condition     = can(cidrhost(var.allowed_ssh_cidr, 0))
    error_message = "The SSH CIDR must be a valid IPv4 CIDR block, such as 203.0.113.4/32."
  }
}
