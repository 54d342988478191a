variable "name" {
  description = "Name prefix of the demo resources."
  type        = string
  default     = "demo"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.name))
    error_message = "The name must start with a lowercase letter and hold 2-31 lowercase letters, digits or dashes."
  }
}

variable "environment" {
  description = "Environment label."
  type        = string
  default     = "dev"

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "The environment must be one of dev, staging or prod."
  }
}

variable "node_count" {
  description = "Number of nodes to create."
  type        = number
  default     = 2

  validation {
    condition     = var.node_count >= 1 && var.node_count <= 5 && floor(var.node_count) == var.node_count
    error_message = "The node count must be a whole number between 1 and 5."
  }
}

variable "network_cidr" {
  description = "CIDR block the node addresses are taken from."
  type        = string
  default     = "10.42.0.0/24"

  validation {
    condition     = can(cidrhost(var.network_cidr, 0))
    error_message = "The network CIDR must be a valid IPv4 CIDR block, such as 10.42.0.0/24."
  }
}

variable "health_url" {
  description = "URL reported as the deployment's endpoint (empty for none)."
  type        = string
  default     = ""

  validation {
    condition     = var.health_url == "" || can(regex("^https?://", var.health_url))
    error_message = "The health URL must start with http:// or https://, or be empty."
  }
}

variable "admin_password" {
  description = "Demo secret; only its presence is reported."
  type        = string
  default     = ""
  sensitive   = true
}
