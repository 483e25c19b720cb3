package code

import "strings"

// insecureEnv lists environment variables that turn off TLS certificate
// verification for a whole runtime, with the value that does it.
var insecureEnv = map[string]string{
	"NODE_TLS_REJECT_UNAUTHORIZED": "0",
	"PYTHONHTTPSVERIFY":            "0",
}

// InsecureEnvVar reports whether a function's environment variable disables
// TLS certificate verification (NODE_TLS_REJECT_UNAUTHORIZED=0,
// PYTHONHTTPSVERIFY=0), returning the issue class and a message, for rules
// that read configuration rather than code.
func InsecureEnvVar(name, value string) (class, message string, ok bool) {
	want, found := insecureEnv[strings.ToUpper(strings.TrimSpace(name))]
	if !found || strings.Trim(strings.TrimSpace(value), `"'`) != want {
		return "", "", false
	}
	return ClassTLSDisabled, name + "=" + want + " disables TLS certificate verification for every connection the function makes", true
}
