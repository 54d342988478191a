output "instance_id" {
  description = "ID of the instance."
  value       = openstack_compute_instance_v2.this.id
}

output "host" {
  description = "Floating IP of the instance, else its fixed IPv4 address."
  value       = var.floating_ip_pool == "" ? openstack_compute_instance_v2.this.access_ip_v4 : openstack_networking_floatingip_v2.this[0].address
}

output "ssh_user" {
  description = "User to log in with over SSH."
  value       = var.ssh_user
}

output "ssh_command" {
  description = "How to log in."
  value       = "ssh ${var.ssh_user}@${var.floating_ip_pool == "" ? openstack_compute_instance_v2.this.access_ip_v4 : openstack_networking_floatingip_v2.this[0].address}"
}
