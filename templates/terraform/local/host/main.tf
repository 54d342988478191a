# A host that already exists (a machine you reach over SSH, or a test's loopback sshd),
# recorded with the built-in terraform_data resource so a stack can treat it like created
# infrastructure: plan, apply, outputs and destroy work offline, with no provider.
terraform {
  required_version = ">= 1.4"
}

resource "terraform_data" "host" {
  input = {
    host     = var.host
    ssh_port = var.ssh_port
    ssh_user = var.ssh_user
  }
}
