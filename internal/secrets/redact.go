package secrets

import (
	"crypto/sha256"
	"encoding/hex"
	"unicode/utf8"
)

// minPrefixLen is the shortest value that keeps a visible prefix: below it,
// four characters would give away too much of the secret.
const minPrefixLen = 12

// Redact returns a stable, non-reversible label for value: up to four leading
// characters (none for values shorter than twelve characters), an ellipsis,
// and the first eight hex digits of the value's SHA-256. The prefix lets a
// reader tell an "AKIA" key from a "ghp_" token; the hash lets one secret be
// recognised across findings.
func Redact(value string) string {
	if value == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(value))
	digest := hex.EncodeToString(sum[:4])
	if utf8.RuneCountInString(value) < minPrefixLen {
		return "…" + digest
	}
	prefix := value
	n := 0
	for i := range value {
		if n == 4 {
			prefix = value[:i]
			break
		}
		n++
	}
	return prefix + "…" + digest
}
