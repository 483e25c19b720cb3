package secrets

import "testing"

func TestRedact(t *testing.T) {
	tests := []struct {
		in, prefix string
	}{
		{"", ""},
		{"hunter2", "…"},
		{"elevenchars", "…"},
		{"AKIAZ7QXK2LMNPQRSTUV", "AKIA…"},
		{"päßwörd-long-enough", "päßw…"},
	}
	for _, tt := range tests {
		got := Redact(tt.in)
		if tt.in == "" {
			if got != "" {
				t.Errorf("Redact(%q) = %q, want empty", tt.in, got)
			}
			continue
		}
		if len(got) != len(tt.prefix)+8 || got[:len(tt.prefix)] != tt.prefix {
			t.Errorf("Redact(%q) = %q, want prefix %q and 8 hex digits", tt.in, got, tt.prefix)
		}
		if got != Redact(tt.in) {
			t.Errorf("Redact(%q) is not stable", tt.in)
		}
	}
	if Redact("secret-one-value") == Redact("secret-two-value") {
		t.Error("different values share a redaction")
	}
}
