package code

import "testing"

func TestInsecureEnvVar(t *testing.T) {
	tests := []struct {
		name, value string
		want        bool
	}{
		{"NODE_TLS_REJECT_UNAUTHORIZED", "0", true},
		{"NODE_TLS_REJECT_UNAUTHORIZED", "'0'", true},
		{"PYTHONHTTPSVERIFY", "0", true},
		{"NODE_TLS_REJECT_UNAUTHORIZED", "1", false},
		{"NODE_OPTIONS", "0", false},
	}
	for _, tt := range tests {
		class, msg, ok := InsecureEnvVar(tt.name, tt.value)
		if ok != tt.want || (ok && (class != ClassTLSDisabled || msg == "")) {
			t.Errorf("InsecureEnvVar(%q, %q) = %q, %q, %v; want %v", tt.name, tt.value, class, msg, ok, tt.want)
		}
	}
}
