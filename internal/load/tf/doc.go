// Package tf loads Terraform configurations into slsguard's provider-neutral
// model: AWS Lambda functions and what surrounds them (IAM roles and policy
// documents, API Gateway, event sources, data stores), Azure function apps
// and Google Cloud functions.
//
// A directory's .tf files form one module. The loader evaluates Terraform
// expressions statically: variables (defaults, terraform.tfvars,
// *.auto.tfvars, explicit values), locals, the common built-in functions and
// references between resources. An attribute known only after apply (an
// ARN, an ID) stays unresolved, with a symbol such as "the arn of
// aws_dynamodb_table.orders" and the address of the resource it comes from,
// so that a function's role or a permission's function is still found.
// `terraform show -json` output carries exact values and is loaded by
// LoadPlan.
package tf
