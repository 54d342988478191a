variable "project" {
  description = "Google Cloud project ID."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project))
    error_message = "The project ID must be 6-30 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "region" {
  description = "Google Cloud region."
  type        = string
  default     = "europe-west9"

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]+$", var.region))
    error_message = "The region must be a Google Cloud region such as europe-west9 or us-central1."
  }
}

variable "zone" {
  description = "Zone inside the region; empty means <region>-a."
  type        = string
  default     = ""

  validation {
    condition     = var.zone == "" || can(regex("^[a-z]+-[a-z]+[0-9]+-[a-z]$", var.zone))
    error_message = "The zone must look like europe-west9-a, or be empty."
  }
}

variable "name" {
  description = "Instance name (also prefixes the firewall rules)."
  type        = string
  default     = "cloudya-vm"

  validation {
    condition     = can(regex("^[a-z]([-a-z0-9]{0,50}[a-z0-9])?$", var.name))
    error_message = "The name must be lowercase letters, digits or dashes, start with a letter and hold at most 52 characters."
  }
}

variable "machine_type" {
  description = "Compute Engine machine type."
  type        = string
  default     = "e2-small"
}

variable "image" {
  description = "Boot image: family (project/family) or self link."
  type        = string
  default     = "debian-cloud/debian-12"
}

variable "disk_size_gb" {
  description = "Boot disk size in GB."
  type        = number
  default     = 20

  validation {
    condition     = var.disk_size_gb >= 10 && var.disk_size_gb <= 2048
    error_message = "The disk size must be between 10 and 2048 GB."
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
