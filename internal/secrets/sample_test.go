package secrets

import (
	"archive/zip"
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSampleFiles checks that AWS's documentation keys are not reported in
// sample configuration, and still are in real configuration and code.
func TestSampleFiles(t *testing.T) {
	const docKeys = "# copy to .env\nAWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
	type hit struct {
		Kind string
		Line int
	}
	tests := []struct {
		path, content string
		want          []hit
	}{
		{".env.example", docKeys, nil},
		{".env.sample", docKeys, nil},
		{"config/settings.env.template", docKeys, nil},
		{"prod.env.example", docKeys, nil},
		{".env", docKeys, []hit{{"aws-access-token", 2}, {"aws-secret-access-key", 3}}},
		{"src/config.js", "const id = 'AKIAIOSFODNN7EXAMPLE';\n", []hit{{"aws-access-token", 1}}},
		{".env.example", "DB_PASSWORD=hunter2\n", []hit{{"password", 1}}}, // a real-looking value in a sample still counts
		{"example", docKeys, []hit{{"aws-access-token", 2}, {"aws-secret-access-key", 3}}},
	}
	s := mustScanner(t)
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			var got []hit
			for _, m := range s.Scan(tt.path, []byte(tt.content)) {
				got = append(got, hit{m.Kind, m.Line})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Scan(%s) (-want +got):\n%s", tt.path, diff)
			}
		})
	}
}

// TestArchiveMemberLines checks that a match inside an archive names the
// member and its line, and has no line in the archive itself.
func TestArchiveMemberLines(t *testing.T) {
	zipOf := func(files map[string][]byte) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for name, body := range files {
			w, err := zw.Create(name)
			if err != nil {
				t.Fatal(err)
			}
			w.Write(body)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	type hit struct {
		Path, Member        string
		Line, Col, MemberLn int
	}
	tests := []struct {
		name    string
		archive []byte
		want    []hit
	}{
		{"flat", zipOf(map[string][]byte{"a/.env": []byte("X=1\n\nDB_PASSWORD=hunter2\n")}),
			[]hit{{"app.zip!a/.env", "a/.env", 0, 0, 3}}},
		{"two lines of one member", zipOf(map[string][]byte{".env": []byte("DB_PASSWORD=hunter2\nAPI_PASSWORD=sesame42\n")}),
			[]hit{{"app.zip!.env", ".env", 0, 0, 1}, {"app.zip!.env", ".env", 0, 0, 2}}},
		{"nested", zipOf(map[string][]byte{"lib.zip": zipOf(map[string][]byte{"x.env": []byte("DB_PASSWORD=hunter2\n")})}),
			[]hit{{"app.zip!lib.zip!x.env", "lib.zip!x.env", 0, 0, 1}}},
	}
	s := mustScanner(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, err := s.ScanFile("app.zip", tt.archive)
			if err != nil {
				t.Fatal(err)
			}
			var got []hit
			for _, m := range ms {
				got = append(got, hit{m.Path, m.Member, m.Line, m.Column, m.MemberLine})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ScanFile (-want +got):\n%s", diff)
			}
		})
	}
	if ms := s.Scan("app.env", []byte("DB_PASSWORD=hunter2\n")); len(ms) != 1 || ms[0].Member != "" || ms[0].Line != 1 {
		t.Errorf("Scan(plain file) = %+v, want one match on line 1 without a member", ms)
	}
}
