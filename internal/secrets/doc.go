// Package secrets finds credentials in configuration values, source files and
// deployment archives, and redacts them so that no report ever shows one.
//
// The API the scan rules use:
//
//	type Match struct {
//		Path        string // file, or "bundle.zip!src/config.js" for an archive member
//		Kind        string // gitleaks rule ID ("aws-access-token", "generic-api-key", "private-key", ...) or ours ("password", "secret-variable", "connection-string-password", "aws-secret-access-key", "jwt-signing-secret"; "private-key" and "aws-access-token" reuse gitleaks' IDs)
//		Description string
//		Redacted    string // Redact(value): never the value itself
//		Line, Column int   // 1-based within the scanned content; 0 for CheckVar and archive members
//		Confidence  string // ConfidenceHigh or ConfidenceMedium
//		Member      string // archive members: the member's path within the archive ("src/config.js")
//		MemberLine  int    // archive members: the 1-based line within the member
//	}
//	func Redact(value string) string
//	func CheckVar(name, value string) (Match, VarKind) // VarKind: NotSecret, Secret, StoreReference, Placeholder
//	func NewScanner() (*Scanner, error)               // compile once; safe for concurrent use
//	func (s *Scanner) Scan(path string, content []byte) []Match
//	func (s *Scanner) ScanFile(path string, content []byte) ([]Match, error) // also reports damaged archives
//
// Redact keeps at most four leading characters (none for values shorter than
// twelve) and appends eight hex digits of the value's SHA-256, so the same
// secret is recognisable across findings without being disclosed.
//
// CheckVar judges one configuration variable by name and value: a value in a
// recognised format (an AWS key, a private key, a URL with a password, any
// gitleaks rule) is a secret whatever its name; a secret-like name
// (DB_PASSWORD, apiKey, JWT_SECRET) with a literal value is a secret of medium
// confidence; references to a secret store ({{resolve:secretsmanager:...}},
// ${ssm:...}, arn:aws:secretsmanager:..., @Microsoft.KeyVault(...)) are
// StoreReference, the recommended practice; empty values, template variables
// and obvious stand-ins ("<your-key>", "xxx", "TODO", "dummy") are Placeholder.
// Weak but real values such as "changeme" remain secrets.
//
// Scan runs the gitleaks default rule set plus the serverless-specific
// detectors of this package over a whole file; zip archives (function
// bundles, layers) are opened and their members scanned, with bounded sizes.
// Results are sorted by path, line, column and kind, one per secret and line.
// Binary files, files over 8 MiB and the name-based detector on lockfiles
// are skipped; lines over 4 KiB (minified code) get only the gitleaks rules.
// AWS's documentation keys (ending in EXAMPLE or EXAMPLEKEY) are not reported
// in documentation nor in sample configuration (.env.example, *.sample,
// *.template), and are reported with medium confidence elsewhere, where they
// mark the place a real key will be pasted.
package secrets
