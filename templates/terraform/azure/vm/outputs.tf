output "resource_group" {
  description = "Name of the resource group holding everything."
  value       = azurerm_resource_group.this.name
}

output "vm_id" {
  description = "ID of the virtual machine."
  value       = azurerm_linux_virtual_machine.this.id
}

output "public_ip" {
  description = "Public IP address of the VM."
  value       = azurerm_public_ip.this.ip_address
}

output "url" {
  description = "HTTP URL of the VM (answers once a web server runs on it)."
  value       = "http://${azurerm_public_ip.this.ip_address}"
}

output "ssh_command" {
  description = "How to log in."
  value       = "ssh ${var.admin_username}@${azurerm_public_ip.this.ip_address}"
}
