variable "region" {
  description = "AWS region to create the instance in."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "The region must be an AWS region name such as us-east-1 or eu-west-3."
  }
}

variable "instance_type" {
  description = "EC2 instance type."
  type        = string
  default     = "t3.micro"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", var.instance_type))
    error_message = "The instance type must look like family.size, such as t3.micro."
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

variable "vpc_cidr" {
  description = "CIDR block for the VPC."
  type        = string
  default     = "10.0.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0))
    error_message = "The VPC CIDR must be a valid IPv4 CIDR block, such as 10.0.0.0/16."
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

variable "ami_id" {
  description = "AMI to boot; empty selects the latest Ubuntu 24.04 LTS published by Canonical."
  type        = string
  default     = ""

  validation {
    condition     = var.ami_id == "" || can(regex("^ami-[0-9a-f]{8,17}$", var.ami_id))
    error_message = "The AMI id must look like ami-0123456789abcdef0, or be empty."
  }
}

variable "key_name" {
  description = "Existing EC2 key pair name for SSH; empty for none."
  type        = string
  default     = ""
}

variable "root_volume_size" {
  description = "Root volume size in GiB."
  type        = number
  default     = 20

  validation {
    condition     = var.root_volume_size >= 8 && var.root_volume_size <= 1024
    error_message = "The root volume size must be between 8 and 1024 GiB."
  }
}
