terraform {
  required_version = ">= 1.4"

  required_providers {
    nutanix = {
      source  = "nutanix/nutanix"
      version = ">= 1.9, < 3.0"
    }
  }
}

# Prism Central address, user and password come from the environment (NUTANIX_ENDPOINT,
# NUTANIX_USERNAME, NUTANIX_PASSWORD...), set by Cloudya from "cloudya connect nutanix".
provider "nutanix" {}

data "nutanix_cluster" "this" {
  name = var.cluster
}

data "nutanix_subnet" "this" {
  subnet_name = var.subnet
}

data "nutanix_image" "this" {
  image_name = var.image
}

resource "nutanix_virtual_machine" "this" {
  name                 = var.name
  cluster_uuid         = data.nutanix_cluster.this.id
  num_vcpus_per_socket = 1
  num_sockets          = var.vcpus
  memory_size_mib      = var.memory_mb

  disk_list {
    data_source_reference = {
      kind = "image"
      uuid = data.nutanix_image.this.id
    }
    disk_size_mib = var.disk_size_gb * 1024
  }

  nic_list {
    subnet_uuid = data.nutanix_subnet.this.id
  }

  guest_customization_cloud_init_user_data = base64encode(join("\n", [
    "#cloud-config",
    "users:",
    "  - name: ${var.ssh_user}",
    "    sudo: ALL=(ALL) NOPASSWD:ALL",
    "    shell: /bin/bash",
    "    ssh_authorized_keys:",
    "      - ${trimspace(var.ssh_public_key)}",
  ]))
}
