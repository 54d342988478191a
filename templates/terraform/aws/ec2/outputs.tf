output "instance_id" {
  description = "ID of the EC2 instance."
  value       = aws_instance.this.id
}

output "public_ip" {
  description = "Public IPv4 address of the instance."
  value       = aws_instance.this.public_ip
}

output "public_dns" {
  description = "Public DNS name of the instance."
  value       = aws_instance.this.public_dns
}

output "url" {
  description = "HTTP URL of the instance (answers once a web server runs on it)."
  value       = "http://${aws_instance.this.public_ip}"
}

output "ssh_command" {
  description = "How to log in (needs key_name and the matching private key)."
  value       = var.key_name != "" ? "ssh -i ~/.ssh/${var.key_name}.pem ubuntu@${aws_instance.this.public_ip}" : null
}

output "vpc_id" {
  description = "ID of the VPC holding the instance."
  value       = aws_vpc.this.id
}

output "security_group_id" {
  description = "ID of the instance's security group."
  value       = aws_security_group.instance.id
}
