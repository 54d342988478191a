output "instance_name" {
  description = "Name of the instance."
  value       = google_compute_instance.this.name
}

output "zone" {
  description = "Zone the instance runs in."
  value       = google_compute_instance.this.zone
}

output "public_ip" {
  description = "Static external IP of the instance."
  value       = google_compute_address.this.address
}

output "url" {
  description = "HTTP URL of the instance (answers once a web server runs on it)."
  value       = "http://${google_compute_address.this.address}"
}

output "ssh_command" {
  description = "How to log in with OS Login."
  value       = "gcloud compute ssh ${google_compute_instance.this.name} --zone ${google_compute_instance.this.zone} --project ${var.project}"
}
