// Package rules is slsguard's catalog of configuration and permission
// rules. Each rule lives in its own file, with good and bad fixtures under
// testdata/<ID>/; All lists every rule explicitly.
package rules

import "github.com/slsguard/slsguard/internal/rule"

// All returns every rule of the catalog, in ID order.
func All() []*rule.Rule {
	return []*rule.Rule{
		API001, API002, API003, API004, API005, API006,
		CODE001, CODE002, CODE003, CODE004, CODE005, CODE006, CODE007, CODE008, CODE009, CODE010, CODE011, CODE012,
		CWL001,
		DATA001,
		DEP001, DEP002, DEP003, DEP004,
		FN001, FN002, FN003, FN004, FN005, FN006, FN007, FN008, FN009, FN010,
		GCP001,
		IAM001, IAM002, IAM003, IAM004, IAM005, IAM006, IAM007, IAM008, IAM009, IAM010, IAM011, IAM013, IAM014, IAM015, IAM016,
		REG001,
		S3001, S3002,
		SEC001, SEC002, SEC003, SEC004,
		TRG001,
	}
}

// Lookup returns the rule with id.
func Lookup(id string) (*rule.Rule, bool) {
	for _, r := range All() {
		if r.ID == id {
			return r, true
		}
	}
	return nil, false
}
