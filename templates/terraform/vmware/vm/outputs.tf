output "vm_id" {
  description = "Managed object ID of the VM."
  value       = vsphere_virtual_machine.this.moid
}

output "host" {
  description = "IP address reported by VMware Tools."
  value       = vsphere_virtual_machine.this.default_ip_address
}

output "ssh_user" {
  description = "User to log in with over SSH."
  value       = var.ssh_user
}

output "ssh_command" {
  description = "How to log in."
  value       = "ssh ${var.ssh_user}@${vsphere_virtual_machine.this.default_ip_address}"
}
