output "host" {
  description = "Address of the host."
  value       = terraform_data.host.output.host
}

output "ssh_port" {
  description = "Port sshd listens on."
  value       = terraform_data.host.output.ssh_port
}

output "ssh_user" {
  description = "User to log in as."
  value       = terraform_data.host.output.ssh_user
}
