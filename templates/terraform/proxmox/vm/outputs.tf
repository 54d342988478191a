output "vm_id" {
  description = "Proxmox ID of the VM."
  value       = proxmox_virtual_environment_vm.this.vm_id
}

output "host" {
  description = "IPv4 address of the VM (static, or reported by the QEMU guest agent)."
  value       = var.ipv4_cidr != "" ? split("/", var.ipv4_cidr)[0] : try([for ip in flatten(proxmox_virtual_environment_vm.this.ipv4_addresses) : ip if ip != "127.0.0.1"][0], "")
}

output "ssh_user" {
  description = "User to log in with over SSH."
  value       = var.ssh_user
}

output "ssh_command" {
  description = "How to log in."
  value       = "ssh ${var.ssh_user}@${var.ipv4_cidr != "" ? split("/", var.ipv4_cidr)[0] : try([for ip in flatten(proxmox_virtual_environment_vm.this.ipv4_addresses) : ip if ip != "127.0.0.1"][0], "<address>")}"
}
