package secrets

import (
	"math"
	"path"
	"regexp"
	"strings"
)

// The serverless-specific detectors complement gitleaks where its rules are
// silent: credentials recognisable only by the variable that holds them,
// passwords inside connection strings, AWS secret keys without a telling
// name, and literal JWT signing secrets.

var (
	// privateKeyRe matches a PEM private key header in any flavour.
	privateKeyRe = regexp.MustCompile(`-----BEGIN[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?-----`)

	// connStringRe matches scheme://user:password@host.
	connStringRe = regexp.MustCompile(`(?i)\b((?:jdbc:)?[a-z][a-z0-9+.-]{1,20})://([^\s:/@'"` + "`" + `]{1,128}):([^\s@/'"` + "`" + `]{1,256})@[^\s'"/` + "`" + `]`)

	// awsAccessKeyRe matches AWS access key IDs of long-term and temporary keys.
	awsAccessKeyRe = regexp.MustCompile(`\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b`)

	// awsSecretKeyRe matches a 40-character candidate secret access key.
	awsSecretKeyRe = regexp.MustCompile(`(?:^|[^A-Za-z0-9/+])([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)`)

	// jwtSecretRe matches a string literal passed as the key to a JWT library's
	// sign/verify/encode/decode call (jsonwebtoken, PyJWT, jose).
	jwtSecretRe = regexp.MustCompile(`\b(?:jwt|jsonwebtoken|jose\.jwt)\.(?:sign|verify|encode|decode)\s*\(\s*(?:\{[^{}]{0,300}\}|[^,(){}\[\]'"]{1,200}(?:\([^()]{0,200}\))?)\s*,\s*['"]([^'"\n]{3,256})['"]`)

	// goJWTSecretRe matches golang-jwt's SignedString([]byte("literal")).
	goJWTSecretRe = regexp.MustCompile(`SignedString\(\s*\[\]byte\(\s*"([^"\n]{3,256})"\s*\)`)

	// quotedAssignRe matches name = "value", name: 'value', "name": "value",
	// name := "value", name => "value" and keyword arguments.
	quotedAssignRe = regexp.MustCompile(`(?:^|[\s,{(;])["']?([A-Za-z_$][A-Za-z0-9_.$-]{1,63})["']?\s*(?::=|=>|=|:)\s*(?:[rbuf]|"?\$)?["'` + "`" + `]([^"'` + "`" + `\n]{1,512})["'` + "`" + `]`)

	// bareAssignRe matches NAME=value and name: value lines of .env, YAML,
	// INI and properties files, where values need no quotes.
	bareAssignRe = regexp.MustCompile(`^\s*(?:export\s+|-\s+)?([A-Za-z_][A-Za-z0-9_.-]{1,63})\s*[=:]\s*([^\s#'"|>&*!\[{][^\s#]*)\s*(?:#.*)?$`)
)

// placeholderPasswords are connection-string passwords from documentation.
var placeholderPasswords = map[string]bool{
	"password": true, "pass": true, "passwd": true, "pwd": true, "secret": true, "pw": true,
	"user": true, "username": true, "changeit": false,
}

// labelValues are values that, in source code, name a field rather than fill it.
var labelValues = map[string]bool{
	"password": true, "passwd": true, "secret": true, "token": true, "apikey": true, "api_key": true,
	"api-key": true, "x-api-key": true, "authorization": true, "bearer": true, "basic": true,
	"new-password": true, "current-password": true, "access_token": true, "refresh_token": true,
	"id_token": true, "client_secret": true, "passphrase": true, "credentials": true,
}

// configExts are file types whose values are unquoted.
var configExts = map[string]bool{
	".env": true, ".yml": true, ".yaml": true, ".ini": true, ".properties": true, ".cfg": true,
	".conf": true, ".toml": true, ".config": true,
}

// isConfigFile reports whether a file holds unquoted settings.
func isConfigFile(p string) bool {
	base := strings.ToLower(path.Base(p))
	if base == ".env" || strings.HasPrefix(base, ".env.") || strings.HasSuffix(base, ".env") {
		return true
	}
	return configExts[path.Ext(base)]
}

// lockfiles hold package names such as "parse-passwd" and integrity
// hashes, never configuration.
var lockfiles = map[string]bool{"package-lock.json": true, "npm-shrinkwrap.json": true, "yarn.lock": true,
	"pnpm-lock.yaml": true, "Pipfile.lock": true, "poetry.lock": true, "go.sum": true, "composer.lock": true,
	"Gemfile.lock": true, "Cargo.lock": true, "uv.lock": true, "bun.lock": true}

// detectText runs the line detectors and the AWS key-pair detector.
func detectText(p, text string) []found {
	if lockfiles[path.Base(p)] {
		return nil
	}
	lines := strings.Split(text, "\n")
	bare := isConfigFile(p)
	var out []found
	docs := isDoc(p)
	for i, line := range lines {
		if len(line) > 4096 {
			continue // minified code: the regular expressions would find noise
		}
		for _, f := range detectLine(line) {
			if docs && f.Confidence == ConfidenceMedium {
				continue // documentation quotes AWS's example keys on purpose
			}
			f.Line = i + 1
			out = append(out, f)
		}
		if !mayNameSecret(line) {
			continue
		}
		for _, f := range detectAssign(line, bare) {
			f.Line = i + 1
			out = append(out, f)
		}
	}
	if docs {
		return out
	}
	return append(out, detectAWSPairs(lines)...)
}

// nameHints are the fragments every credential name of secretName holds;
// lines without one skip the assignment regular expressions.
var nameHints = []string{"pass", "pwd", "pw", "secret", "token", "key", "cred", "pat"}

// mayNameSecret is a cheap, case-insensitive prefilter for detectAssign.
func mayNameSecret(line string) bool {
	var buf [4096]byte
	lower := buf[:0]
	for i := 0; i < len(line); i++ {
		c := line[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower = append(lower, c)
	}
	l := string(lower)
	for _, h := range nameHints {
		if strings.Contains(l, h) {
			return true
		}
	}
	return false
}

// sampleSuffixes mark a file as a template to copy and fill in
// (.env.example, config.ini.sample, settings.env.template).
var sampleSuffixes = []string{".example", ".sample", ".template"}

// isSample reports whether a file is a sample or template of a
// configuration file rather than the configuration itself.
func isSample(p string) bool {
	base := strings.ToLower(path.Base(p))
	for _, s := range sampleSuffixes {
		if strings.HasSuffix(base, s) && len(base) > len(s) {
			return true
		}
	}
	return false
}

// isDocExampleKey recognises the key pairs of AWS's documentation
// (AKIAIOSFODNN7EXAMPLE, wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY and the
// like): every one ends in EXAMPLE or EXAMPLEKEY.
func isDocExampleKey(secret string) bool {
	s := strings.Trim(secret, `"'`+"` ")
	return strings.HasSuffix(s, "EXAMPLE") || strings.HasSuffix(s, "EXAMPLEKEY")
}

// isDoc reports whether a file is documentation.
func isDoc(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".md", ".markdown", ".rst", ".txt", ".adoc", ".html":
		return true
	}
	return false
}

// detectLine runs the format detectors that need no context; Column is set,
// Line is left to the caller.
func detectLine(line string) []found {
	var out []found
	for _, loc := range awsAccessKeyRe.FindAllStringIndex(line, -1) {
		// gitleaks ignores AWS's documentation key; in a template or an
		// environment it is still a hard-coded credential, kept with medium
		// confidence.
		if id := line[loc[0]:loc[1]]; strings.HasSuffix(id, "EXAMPLE") {
			out = append(out, found{
				Match: Match{Kind: "aws-access-token", Description: "AWS access key ID (AWS's documentation example key) hard-coded",
					Redacted: Redact(id), Column: loc[0] + 1, Confidence: ConfidenceMedium},
				secret: id,
			})
		}
	}
	if loc := privateKeyRe.FindStringIndex(line); loc != nil {
		out = append(out, found{
			Match:  Match{Kind: "private-key", Description: "PEM private key", Redacted: Redact(line[loc[0]:]), Column: loc[0] + 1, Confidence: ConfidenceHigh},
			secret: line[loc[0]:],
		})
	}
	if strings.Contains(line, "://") {
		out = append(out, detectConnStrings(line)...)
	}
	if strings.Contains(line, "jwt") || strings.Contains(line, "jose") || strings.Contains(line, "SignedString") {
		out = append(out, detectJWTSecrets(line)...)
	}
	return out
}

func detectConnStrings(line string) []found {
	var out []found
	for _, m := range connStringRe.FindAllStringSubmatchIndex(line, -1) {
		pw := line[m[6]:m[7]]
		if placeholderPasswords[strings.ToLower(pw)] || placeholderPattern.MatchString(pw) ||
			strings.ContainsAny(pw, "${}<>") || strings.HasPrefix(pw, "%") {
			continue
		}
		out = append(out, found{
			Match: Match{Kind: "connection-string-password", Description: "Password embedded in a " + strings.ToLower(line[m[2]:m[3]]) + " connection URL",
				Redacted: Redact(pw), Column: m[6] + 1, Confidence: ConfidenceHigh},
			secret: pw,
		})
	}
	return out
}

func detectJWTSecrets(line string) []found {
	var out []found
	for _, re := range []*regexp.Regexp{jwtSecretRe, goJWTSecretRe} {
		for _, m := range re.FindAllStringSubmatchIndex(line, -1) {
			v := line[m[2]:m[3]]
			if placeholderPattern.MatchString(v) {
				continue
			}
			out = append(out, found{
				Match: Match{Kind: "jwt-signing-secret", Description: "Literal JWT signing key: anyone who reads the code can forge tokens",
					Redacted: Redact(v), Column: m[2] + 1, Confidence: ConfidenceHigh},
				secret: v,
			})
		}
	}
	return out
}

// detectAssign finds literal values assigned to credential-named variables.
func detectAssign(line string, bare bool) []found {
	var out []found
	for _, m := range quotedAssignRe.FindAllStringSubmatchIndex(line, -1) {
		if f, ok := judgeAssign(line[m[2]:m[3]], line[m[4]:m[5]], m[4]+1); ok {
			out = append(out, f)
		}
	}
	if bare && len(out) == 0 {
		if m := bareAssignRe.FindStringSubmatchIndex(line); m != nil {
			if f, ok := judgeAssign(line[m[2]:m[3]], line[m[4]:m[5]], m[4]+1); ok {
				out = append(out, f)
			}
		}
	}
	return out
}

// judgeAssign applies the name-based verdict of CheckVar, with the extra
// caution source code needs: labels, messages and expressions are not values.
func judgeAssign(name, value string, col int) (found, bool) {
	if !secretName(name) {
		return found{}, false
	}
	v := strings.TrimSpace(value)
	lower := strings.ToLower(v)
	if v == "" || strings.Contains(v, " ") || labelValues[lower] || strings.HasPrefix(name, "$") ||
		storeRefPatterns.MatchString(v) || isPlaceholder(name, v) ||
		nonSecretValues[lower] || looksNonSecretValue(v) || strings.ContainsAny(v, "${}") {
		return found{}, false
	}
	return found{
		Match: Match{Kind: kindForName(name), Description: "Literal value assigned to a credential variable " + safeName(name),
			Redacted: Redact(v), Column: col, Confidence: ConfidenceMedium},
		secret: v,
	}, true
}

// detectAWSPairs reports a 40-character high-entropy string within five
// lines of an AWS access key ID: the key's secret, whatever it is named.
func detectAWSPairs(lines []string) []found {
	var out []found
	for i, line := range lines {
		id := awsAccessKeyRe.FindString(line)
		if id == "" {
			continue
		}
		conf := ConfidenceHigh
		if strings.HasSuffix(id, "EXAMPLE") {
			conf = ConfidenceMedium
		}
		for j := max(0, i-5); j < min(len(lines), i+6); j++ {
			if len(lines[j]) > 4096 {
				continue
			}
			for _, m := range awsSecretKeyRe.FindAllStringSubmatchIndex(lines[j], -1) {
				v := lines[j][m[2]:m[3]]
				if !secretLike(v) {
					continue
				}
				out = append(out, found{
					Match: Match{Kind: "aws-secret-access-key", Description: "AWS secret access key next to its access key ID",
						Redacted: Redact(v), Line: j + 1, Column: m[2] + 1, Confidence: conf},
					secret: v,
				})
			}
		}
	}
	return out
}

// secretLike requires mixed character classes and Shannon entropy above 4
// bits per character, which random keys have and words, paths and hex hashes
// do not.
func secretLike(v string) bool {
	var upper, lower, digit bool
	for _, r := range v {
		switch {
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= '0' && r <= '9':
			digit = true
		}
	}
	return upper && lower && digit && entropy(v) > 4.0
}

func entropy(s string) float64 {
	var counts [256]int
	for i := 0; i < len(s); i++ {
		counts[s[i]]++
	}
	var h float64
	n := float64(len(s))
	for _, c := range counts {
		if c == 0 {
			continue
		}
		p := float64(c) / n
		h -= p * math.Log2(p)
	}
	return h
}
