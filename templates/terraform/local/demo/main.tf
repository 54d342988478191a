# Everything here uses the built-in terraform_data resource, so the module
# plans and applies offline without downloading any provider.
terraform {
  required_version = ">= 1.4"
}

locals {
  labels = {
    name        = var.name
    environment = var.environment
    managed_by  = "cloudya"
  }
}

resource "terraform_data" "network" {
  input = {
    name   = "${var.name}-net"
    cidr   = var.network_cidr
    labels = local.labels
  }
}

resource "terraform_data" "node" {
  count = var.node_count

  input = {
    name    = format("%s-node-%d", var.name, count.index + 1)
    address = cidrhost(terraform_data.network.output.cidr, count.index + 10)
    network = terraform_data.network.output.name
  }
}

resource "terraform_data" "endpoint" {
  input = {
    url          = var.health_url
    password_set = var.admin_password != ""
  }

  # A new password or URL means a new endpoint record.
  triggers_replace = [sha256(var.admin_password), var.health_url]
}
