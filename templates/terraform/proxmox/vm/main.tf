terraform {
  required_version = ">= 1.4"

  required_providers {
    proxmox = {
      source  = "bpg/proxmox"
      version = ">= 0.60, < 1.0"
    }
  }
}

# Endpoint and API token come from the environment (PROXMOX_VE_ENDPOINT, PROXMOX_VE_API_TOKEN),
# set by Cloudya from the "cloudya connect proxmox" connection: no secret in this folder.
provider "proxmox" {}

resource "proxmox_virtual_environment_vm" "this" {
  name      = var.name
  node_name = var.node
  tags      = ["cloudya"]

  clone {
    vm_id = var.template_vm_id
    full  = true
  }

  cpu {
    cores = var.cores
  }

  memory {
    dedicated = var.memory_mb
  }

  disk {
    datastore_id = var.datastore
    interface    = "scsi0"
    size         = var.disk_size_gb
  }

  network_device {
    bridge = var.bridge
  }

  agent {
    enabled = true
  }

  initialization {
    datastore_id = var.datastore

    ip_config {
      ipv4 {
        address = var.ipv4_cidr == "" ? "dhcp" : var.ipv4_cidr
        gateway = var.ipv4_cidr == "" ? null : var.ipv4_gateway
      }
    }

    user_account {
      username = var.ssh_user
      keys     = [trimspace(var.ssh_public_key)]
    }
  }
}
