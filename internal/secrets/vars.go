package secrets

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
)

// VarKind is CheckVar's verdict on a configuration variable.
type VarKind int

// The verdicts of CheckVar.
const (
	NotSecret      VarKind = iota // nothing sensitive
	Secret                        // a literal credential
	StoreReference                // a reference to a secret store: the right way
	Placeholder                   // a stand-in value, no credential yet
)

// String returns the verdict's name, as used in reports.
func (k VarKind) String() string {
	switch k {
	case Secret:
		return "secret"
	case StoreReference:
		return "store-reference"
	case Placeholder:
		return "placeholder"
	}
	return "not-secret"
}

// Confidence levels of a Match.
const (
	ConfidenceHigh   = "high"   // recognised format, or checked by entropy
	ConfidenceMedium = "medium" // judged from the variable's name
)

// Match is one secret found in a value or a file. It never holds the secret.
type Match struct {
	Path         string // file path; "archive.zip!member/path" inside archives; empty for CheckVar
	Kind         string // gitleaks rule ID or one of ours
	Description  string
	Redacted     string // Redact(secret)
	Line, Column int    // 1-based within the scanned content; 0 for CheckVar and archive members
	Confidence   string // ConfidenceHigh or ConfidenceMedium
	// Member is, for a secret inside an archive, the member's path within
	// the scanned archive ("src/config.js", or "lib.zip!x.py" for a nested
	// archive), and MemberLine the 1-based line within that member: a line
	// number means nothing to a reader of the archive file itself.
	Member     string
	MemberLine int
}

// storeRefPatterns recognise values that point at a secret store instead of
// holding the secret: CloudFormation dynamic references, Serverless Framework
// variables, ARNs of Secrets Manager and SSM, Azure Key Vault references and
// Google Secret Manager resource names.
var storeRefPatterns = regexp.MustCompile(`(?i)` +
	`\{\{resolve:(secretsmanager|ssm-secure|ssm):` +
	`|\$\{(ssm|secretsmanager|aws:ssm|aws:secretsmanager)[:(]` +
	`|^arn:aws[a-z-]*:(secretsmanager|ssm):` +
	`|/aws/reference/secretsmanager/` +
	`|@Microsoft\.KeyVault\(` +
	`|^projects/[^/]+/secrets/[^/]+` +
	`|\.vault\.azure\.net/secrets/`)

// placeholderPattern matches values that stand in for a secret to be filled
// in later or injected at deploy time.
var placeholderPattern = regexp.MustCompile(`(?i)^(` +
	`\$\{[^}]*\}.*|.*\$\{[^}]*\}|\$\([^)]*\)|\$[A-Z_][A-Z0-9_]*|%[A-Z_]+%|\{\{[^}]*\}\}|<[^>]*>|\[[^\]]*\]` +
	`|x{3,}|\*{3,}|\.{3,}|#{3,}|-+|_+|0+` +
	`|todo|tbd|fixme|dummy|example|sample|placeholder|replace[-_ ]?me|fill[-_ ]?me[-_ ]?in|insert[-_ ].*|` +
	`your[-_ ].*|my[-_]?(secret|password|token|api[-_]?key)|none|null|nil|undefined|n/a|redacted|masked|hidden|` +
	`!(ref|sub|getatt|importvalue|findinmap|select|join|if)\b.*|ref:.*|fn::.*|` +
	`process\.env\..*|os\.environ.*|os\.getenv.*|env\(.*|var\..*|local\..*|module\..*|data\..*|` +
	`aws_[a-z_]+\.[a-z0-9_-]+\..*` +
	`)$`)

// placeholderWords mark a value as a stand-in wherever they appear in it:
// AWS's documented example keys end in EXAMPLE, templates say "your".
var placeholderWords = regexp.MustCompile(`(?i)example|xxxx|\*\*\*\*|replace[-_ ]?with|your[-_ ]|change[-_ ]?this|insert[-_ ]|placeholder|dummy|redacted`)

// weakPlaceholders are values documentation uses in place of a credential.
var weakPlaceholders = map[string]bool{"abc123": true, "foobar": true, "foo": true, "bar": true, "test": true,
	"secret": true, "password": true, "token": true, "apikey": true, "api_key": true, "key": true, "value": true}

// versionPattern matches dependency versions, as in package.json.
var versionPattern = regexp.MustCompile(`^[\^~>=<v ]*\d+(\.[\dx*]+)*([-+.][0-9A-Za-z.-]+)?$`)

// pathPattern matches file paths, as in credentials: ~/.gcloud/keyfile.json.
var pathPattern = regexp.MustCompile(`^(~|\.{1,2})?/[A-Za-z0-9_.@/-]+$`)

// isPlaceholder reports whether v stands in for a secret under name.
func isPlaceholder(name, v string) bool {
	if placeholderPattern.MatchString(v) || placeholderWords.MatchString(v) || weakPlaceholders[strings.ToLower(v)] {
		return true
	}
	// A value that repeats its variable's name (channelSecret: 'CHANNEL_SECRET').
	nv, nn := normalizeName(v), normalizeName(name)
	return len(nv) >= 4 && (strings.Contains(nn, nv) || strings.Contains(nv, nn))
}

func normalizeName(s string) string {
	return strings.Join(nameTokens(s), "")
}

// nonSecretValues are values that configure a secret rather than hold one.
var nonSecretValues = map[string]bool{
	"true": true, "false": true, "yes": true, "no": true, "on": true, "off": true,
	"enabled": true, "disabled": true, "required": true, "optional": true,
	"string": true, "number": true, "boolean": true, "aws::ssm::parameter::value<string>": true,
}

// nonSecretSuffixes name something about a secret that is not the secret:
// where it is stored, how long it lives, how it is checked.
var nonSecretSuffixes = map[string]bool{
	"arn": true, "name": true, "id": true, "ids": true, "url": true, "uri": true, "endpoint": true,
	"host": true, "hostname": true, "path": true, "file": true, "filename": true, "dir": true, "table": true,
	"bucket": true, "region": true, "type": true, "length": true, "len": true, "ttl": true,
	"expiry": true, "expires": true, "expiration": true, "timeout": true, "header": true, "field": true,
	"param": true, "parameter": true, "version": true, "policy": true, "prefix": true, "enabled": true,
	"required": true, "min": true, "max": true, "rotation": true, "count": true, "limit": true,
	"algorithm": true, "alg": true, "issuer": true, "audience": true, "scope": true, "scopes": true,
	"location": true, "mode": true, "format": true, "provider": true, "source": true, "key_id": true,
	"stage": true, "env": true, "regex": true, "pattern": true, "attribute": true, "queue": true,
	"topic": true, "index": true, "column": true, "label": true, "description": true, "hint": true,
	"placeholder": true, "encoding": true, "size": true, "days": true, "seconds": true, "minutes": true,
	"hours": true, "interval": true, "schedule": true, "store": true, "manager": true, "service": true,
	"validator": true, "authorizer": true, "lambda": true, "function": true, "handler": true, "role": true,
	"user": true, "username": true, "email": true, "reset": true, "policies": true, "strength": true,
	"complexity": true, "changed": true, "updated": true, "created": true, "hash": true, "salt": false,
	"ref": true, "reference": true, "output": true, "kms": true, "cache": true, "storage": true,
	"iterations": true, "rounds": true, "cost": true, "attempts": true, "retries": true, "box": true,
	"input": true, "selector": true, "prompt": true, "text": true, "message": true, "msg": true,
	"error": true, "errors": true, "plugin": true, "module": true, "package": true, "generator": true,
}

// keyQualifiers turn the word "key" into a credential: API key, secret key,
// private key; an S3 object key or a partition key is not one.
var keyQualifiers = map[string]bool{
	"api": true, "secret": true, "private": true, "access": true, "signing": true, "sign": true,
	"encryption": true, "encrypt": true, "master": true, "client": true, "app": true, "auth": true,
	"license": true, "consumer": true, "hmac": true, "jwt": true, "session": true, "cookie": true,
	"webhook": true, "subscription": true, "account": true, "admin": true, "service": true,
	"stripe": true, "sendgrid": true, "openai": true, "mailgun": true, "twilio": true, "ssh": true,
}

// secretWords make a name secret-like wherever they appear in it.
var secretWords = []string{"password", "passwd", "passphrase", "secret", "apikey", "privatekey",
	"accesskey", "secretkey", "authtoken", "accesstoken", "refreshtoken", "credential", "pwd"}

// nameTokens splits a variable name into lower-case words: DB_PASSWORD,
// dbPassword, DBPassword, db-password and db.password all give [db password].
func nameTokens(name string) []string {
	var tokens []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			tokens = append(tokens, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(name)
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush()
			continue
		}
		if unicode.IsUpper(r) && len(cur) > 0 {
			prev := rs[i-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	return tokens
}

// SecretName reports whether a variable's name says it holds a
// credential (DB_PASSWORD, apiKey, JWT_SECRET), whatever its value: for
// values the template does not give (a parameter, a reference).
func SecretName(name string) bool { return secretName(name) }

// secretName reports whether a variable name denotes a credential.
func secretName(name string) bool {
	tokens := nameTokens(name)
	if len(tokens) == 0 {
		return false
	}
	last := tokens[len(tokens)-1]
	if nonSecretSuffixes[last] {
		return false
	}
	if len(tokens) >= 2 && last == "id" {
		return false
	}
	for i, t := range tokens {
		switch t {
		case "token", "pass", "pw", "pat":
			if t != "token" && len(tokens) == 1 {
				continue // "PASS" or "PAT" alone is too ambiguous
			}
			return true
		case "key", "keys":
			if i > 0 && keyQualifiers[tokens[i-1]] {
				return true
			}
			continue
		}
		for _, w := range secretWords {
			if strings.Contains(t, w) {
				return true
			}
		}
	}
	return false
}

// defaultScanner gives CheckVar the gitleaks formats without making every
// caller build a Scanner.
var defaultScanner = sync.OnceValues(NewScanner)

// CheckVar judges one configuration variable (environment variable,
// parameter default, setting) by its name and value. The Match is filled only
// for Secret; Line and Column are 0.
func CheckVar(name, value string) (Match, VarKind) {
	v := strings.TrimSpace(value)
	v = strings.Trim(v, `"'`)
	switch {
	case v == "":
		return Match{}, Placeholder
	case storeRefPatterns.MatchString(v):
		return Match{}, StoreReference
	}
	if m, ok := formatMatch(name, v); ok {
		return m, Secret
	}
	if !secretName(name) {
		return Match{}, NotSecret
	}
	lower := strings.ToLower(v)
	switch {
	case nonSecretValues[lower], looksNonSecretValue(v):
		return Match{}, NotSecret
	case isPlaceholder(name, v):
		return Match{}, Placeholder
	}
	return Match{
		Kind:        kindForName(name),
		Description: "Literal value assigned to a credential variable " + safeName(name),
		Redacted:    Redact(v),
		Confidence:  ConfidenceMedium,
	}, Secret
}

// looksNonSecretValue recognises values under a secret-like name that still
// hold no credential: a short number, a plain URL, an ARN of something else.
func looksNonSecretValue(v string) bool {
	if len(v) < 4 && strings.Trim(v, "0123456789") == "" {
		return true
	}
	if strings.HasPrefix(v, "arn:") || versionPattern.MatchString(v) {
		return true
	}
	if pathPattern.MatchString(v) && !secretLike(v) {
		return true
	}
	if (strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://")) && !strings.Contains(v, "@") {
		return true
	}
	return false
}

// kindForName names the kind of a name-based secret.
func kindForName(name string) string {
	for _, t := range nameTokens(name) {
		if strings.Contains(t, "pass") || t == "pwd" || t == "pw" {
			return "password"
		}
	}
	return "secret-variable"
}

// safeName bounds a variable name for use in a description, since names come
// from user files too.
func safeName(name string) string {
	if len(name) > 64 {
		name = name[:64]
	}
	return strings.ToValidUTF8(name, "?")
}

// formatMatch recognises a value by its format alone: our own detectors, then
// the gitleaks rules applied to a synthetic "name = value" line.
func formatMatch(name, v string) (Match, bool) {
	if ms := detectLine(v); len(ms) > 0 {
		m := ms[0].Match
		m.Line, m.Column = 0, 0
		return m, true
	}
	if len(v) < 8 || len(v) > 4096 {
		return Match{}, false
	}
	s, err := defaultScanner()
	if err != nil {
		return Match{}, false
	}
	line := safeName(name) + ` = "` + v + `"`
	for _, f := range s.gitleaks(line, "") {
		if !strings.Contains(v, f.secret) || f.secret == "" {
			continue
		}
		m := f.Match
		m.Path, m.Line, m.Column = "", 0, 0
		return m, true
	}
	return Match{}, false
}
