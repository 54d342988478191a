terraform {
  required_version = ">= 1.4"

  required_providers {
    vsphere = {
      source  = "hashicorp/vsphere"
      version = ">= 2.6, < 3.0"
    }
  }
}

# vCenter address, user and password come from the environment (VSPHERE_SERVER, VSPHERE_USER,
# VSPHERE_PASSWORD), set by Cloudya from the "cloudya connect vmware" connection.
provider "vsphere" {}

data "vsphere_datacenter" "this" {
  name = var.datacenter
}

data "vsphere_compute_cluster" "this" {
  name          = var.cluster
  datacenter_id = data.vsphere_datacenter.this.id
}

data "vsphere_datastore" "this" {
  name          = var.datastore
  datacenter_id = data.vsphere_datacenter.this.id
}

data "vsphere_network" "this" {
  name          = var.network
  datacenter_id = data.vsphere_datacenter.this.id
}

data "vsphere_virtual_machine" "template" {
  name          = var.template
  datacenter_id = data.vsphere_datacenter.this.id
}

resource "vsphere_virtual_machine" "this" {
  name             = var.name
  resource_pool_id = data.vsphere_compute_cluster.this.resource_pool_id
  datastore_id     = data.vsphere_datastore.this.id
  num_cpus         = var.cpus
  memory           = var.memory_mb
  guest_id         = data.vsphere_virtual_machine.template.guest_id
  firmware         = data.vsphere_virtual_machine.template.firmware

  network_interface {
    network_id   = data.vsphere_network.this.id
    adapter_type = data.vsphere_virtual_machine.template.network_interface_types[0]
  }

  disk {
    label            = "disk0"
    size             = max(var.disk_size_gb, data.vsphere_virtual_machine.template.disks[0].size)
    thin_provisioned = data.vsphere_virtual_machine.template.disks[0].thin_provisioned
  }

  clone {
    template_uuid = data.vsphere_virtual_machine.template.id
  }

  # cloud-init through guestinfo (the template image runs cloud-init with the VMware datasource).
  extra_config = {
    "guestinfo.userdata.encoding" = "base64"
    "guestinfo.userdata" = base64encode(join("\n", [
      "#cloud-config",
      "users:",
      "  - name: ${var.ssh_user}",
      "    sudo: ALL=(ALL) NOPASSWD:ALL",
      "    shell: /bin/bash",
      "    ssh_authorized_keys:",
      "      - ${trimspace(var.ssh_public_key)}",
    ]))
  }
}
