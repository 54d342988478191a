output "network" {
  description = "Name and CIDR of the demo network."
  value       = terraform_data.network.output
}

output "node_addresses" {
  description = "Addresses of the demo nodes."
  value       = [for n in terraform_data.node : n.output.address]
}

output "url" {
  description = "The endpoint URL given as health_url (empty when none)."
  value       = terraform_data.endpoint.output.url
}

output "password_set" {
  description = "Whether an admin password was given (the value itself is never output)."
  value       = terraform_data.endpoint.output.password_set
}
