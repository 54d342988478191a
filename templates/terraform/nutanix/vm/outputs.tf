output "vm_id" {
  description = "UUID of the VM."
  value       = nutanix_virtual_machine.this.id
}

output "host" {
  description = "First IP address of the VM's NIC."
  value       = try(nutanix_virtual_machine.this.nic_list_status[0].ip_endpoint_list[0].ip, "")
}

output "ssh_user" {
  description = "User to log in with over SSH."
  value       = var.ssh_user
}

output "ssh_command" {
  description = "How to log in."
  value       = "ssh ${var.ssh_user}@${try(nutanix_virtual_machine.this.nic_list_status[0].ip_endpoint_list[0].ip, "<address>")}"
}
