variable "host" {
  description = "Address of the host."
  type        = string
  default     = "127.0.0.1"

  validation {
    condition     = can(regex("^[A-Za-z0-9.:-]{1,253}$", var.host))
    error_message = "The host must be an IP address or a host name."
  }
}

variable "ssh_port" {
  description = "Port sshd listens on."
  type        = number
  default     = 22

  validation {
    condition     = var.ssh_port >= 1 && var.ssh_port <= 65535 && floor(var.ssh_port) == var.ssh_port
    error_message = "The SSH port must be a whole number between 1 and 65535."
  }
}

variable "ssh_user" {
  description = "User to log in as."
  type        = string
  default     = "root"

  validation {
    condition     = can(regex("^[a-z_][a-z0-9_.-]{0,31}$", var.ssh_user))
    error_message = "The SSH user must be a valid user name."
  }
}
