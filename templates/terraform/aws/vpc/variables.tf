variable "region" {
  description = "AWS region to create the VPC in."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "The region must be an AWS region name such as us-east-1 or eu-west-3."
  }
}

variable "vpc_cidr" {
  description = "CIDR block for the VPC (a /16 to /24)."
  type        = string
  default     = "10.0.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && tonumber(split("/", var.vpc_cidr)[1]) >= 16 && tonumber(split("/", var.vpc_cidr)[1]) <= 24
    error_message = "The VPC CIDR must be a valid IPv4 block between /16 and /24, such as 10.0.0.0/16."
  }
}

variable "name" {
  description = "Name tag prefix for every resource."
  type        = string
  default     = "cloudya"

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9-]{0,40}$", var.name))
    error_message = "The name must hold 1-41 letters, digits or dashes."
  }
}

variable "az_count" {
  description = "Number of availability zones (one public and one private subnet in each)."
  type        = number
  default     = 2

  validation {
    condition     = var.az_count >= 1 && var.az_count <= 4 && floor(var.az_count) == var.az_count
    error_message = "The AZ count must be a whole number between 1 and 4."
  }
}

variable "enable_nat_gateway" {
  description = "Create one NAT gateway (in the first public subnet) for the private subnets."
  type        = bool
  default     = false
}
