variable "name" {
  description = "Instance name (also prefixes the key pair and security group)."
  type        = string
  default     = "cloudya-vm"

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]{0,50}[a-z0-9])?$", var.name))
    error_message = "The name must be lowercase letters, digits or dashes (at most 52 characters)."
  }
}

variable "image" {
  description = "Image name in Glance."
  type        = string
  default     = "debian-12"
}

variable "flavor" {
  description = "Flavor name."
  type        = string
  default     = "m1.small"
}

variable "network" {
  description = "Tenant network the instance is attached to."
  type        = string
  default     = "private"
}

variable "floating_ip_pool" {
  description = "External network to take a floating IP from (empty: none)."
  type        = string
  default     = "public"
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

variable "ssh_user" {
  description = "Login user of the image (debian, ubuntu, cloud-user...)."
  type        = string
  default     = "debian"

  validation {
    condition     = can(regex("^[a-z_][a-z0-9_-]{0,31}$", var.ssh_user))
    error_message = "The SSH user must be a Linux user name (lowercase, at most 32 characters)."
  }
}

variable "ssh_public_key" {
  description = "Public key installed for the image's login user."
  type        = string

  validation {
    condition     = can(regex("^(ssh-(ed25519|rsa)|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/=]+", trimspace(var.ssh_public_key)))
    error_message = "The SSH public key must be an OpenSSH public key line (ssh-ed25519 AAAA..., ssh-rsa AAAA...)."
  }
}
