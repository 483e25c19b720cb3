// Package rules is slsguard's catalog of configuration and permission
// rules. Each rule lives in its own file, with good and bad fixtures under
// testdata/<ID>/; All lists every rule explicitly.
package rules

import "github.com/slsguard/slsguard/internal/rule"

// All returns every rule of the catalog, in ID order.
func All() []*rule.Rule {
	return []*rule.Rule{
		API001, API002, API003, API004, API005, API006,
		DATA001,
		FN001, FN002, FN003, FN004, FN005, FN006, FN007, FN008, FN009,
		IAM001, IAM002, IAM003, IAM004, IAM005, IAM006, IAM007, IAM008, IAM009, IAM010, IAM011, IAM013, IAM014,
		LOG001,
		REG001,
		S3001, S3002,
		SEC001, SEC002, SEC003,
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
