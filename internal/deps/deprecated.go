package deps

import (
	"github.com/slsguard/slsguard/internal/deps/osv"
)

// Deprecation says that a package version is deprecated by its authors.
type Deprecation struct {
	Package Package `json:"package"`
	// Message is the author's deprecation message (npm's "deprecated"
	// field), or the built-in list's.
	Message string `json:"message"`
	// Builtin is set when the verdict comes from slsguard's embedded list
	// rather than from the registry.
	Builtin bool `json:"builtin,omitempty"`
}

// knownDeprecated is a small built-in list of well-known deprecated npm
// packages, used when the registry is not asked (offline scans). below is
// the first version that is not deprecated; "" means every version.
var knownDeprecated = []struct {
	name, below, message string
}{
	{"har-validator", "", "this library is no longer supported"},
	{"left-pad", "", "use String.prototype.padStart()"},
	{"node-uuid", "", "use the uuid module instead"},
	{"querystring", "", "the querystring API is legacy; new code should use the URLSearchParams API"},
	{"request", "", "request has been deprecated (https://github.com/request/request/issues/3142)"},
	{"request-promise", "", "request-promise has been deprecated because it extends the now deprecated request package"},
	{"request-promise-native", "", "request-promise-native has been deprecated because it extends the now deprecated request package"},
	{"uuid", "3.4.0", "uuid before 3.4 may use Math.random() in certain circumstances, which is known to be problematic; upgrade to version 7 or higher"},
}

// KnownDeprecated returns the built-in list's verdict on a pinned npm
// package.
func KnownDeprecated(p Package) (Deprecation, bool) {
	if p.Ecosystem != "npm" || p.Unpinned() {
		return Deprecation{}, false
	}
	for _, k := range knownDeprecated {
		if k.name != p.Name {
			continue
		}
		if k.below != "" {
			v, ok := osv.ParseVersion("npm", p.Version)
			if !ok {
				return Deprecation{}, false
			}
			if c, ok := v.Compare(k.below); !ok || c >= 0 {
				return Deprecation{}, false
			}
		}
		return Deprecation{Package: p, Message: k.message, Builtin: true}, true
	}
	return Deprecation{}, false
}
