terraform {
  required_version = ">= 1.4"

  required_providers {
    openstack = {
      source  = "terraform-provider-openstack/openstack"
      version = ">= 1.54, < 4.0"
    }
  }
}

# Credentials come from the environment (OS_CLOUD with clouds.yaml, or OS_AUTH_URL, OS_USERNAME,
# OS_PASSWORD...), set by Cloudya from the "cloudya connect openstack" connection.
provider "openstack" {}

resource "openstack_compute_keypair_v2" "this" {
  name       = "${var.name}-key"
  public_key = trimspace(var.ssh_public_key)
}

resource "openstack_networking_secgroup_v2" "this" {
  name        = "${var.name}-ssh"
  description = "SSH to ${var.name} (managed by Cloudya)"
}

resource "openstack_networking_secgroup_rule_v2" "ssh" {
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = 22
  port_range_max    = 22
  remote_ip_prefix  = var.allowed_ssh_cidr
  security_group_id = openstack_networking_secgroup_v2.this.id
}

resource "openstack_compute_instance_v2" "this" {
  name            = var.name
  image_name      = var.image
  flavor_name     = var.flavor
  key_pair        = openstack_compute_keypair_v2.this.name
  security_groups = ["default", openstack_networking_secgroup_v2.this.name]

  network {
    name = var.network
  }

  metadata = {
    managed_by = "cloudya"
  }
}

resource "openstack_networking_floatingip_v2" "this" {
  count = var.floating_ip_pool == "" ? 0 : 1
  pool  = var.floating_ip_pool
}

data "openstack_networking_port_v2" "this" {
  count     = var.floating_ip_pool == "" ? 0 : 1
  device_id = openstack_compute_instance_v2.this.id
}

resource "openstack_networking_floatingip_associate_v2" "this" {
  count       = var.floating_ip_pool == "" ? 0 : 1
  floating_ip = openstack_networking_floatingip_v2.this[0].address
  port_id     = data.openstack_networking_port_v2.this[0].id
}
