package policy

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzReadActivity feeds CloudTrail input to the activity reader: it must
// not panic, and every need it returns names an action.
func FuzzReadActivity(f *testing.F) {
	seed, err := os.ReadFile(filepath.Join("testdata", "trail.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte(`{"eventName":"GetObject","eventSource":"s3.amazonaws.com","userIdentity":{"arn":"arn:aws:sts::1:assumed-role/r/s"},"requestParameters":{"bucketName":"b"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		act, _ := ReadActivity(bytes.NewReader(data), "fuzz.json")
		for s, a := range act {
			if s.Role == "" || s.Name == "" {
				t.Fatalf("session %+v without role or name", s)
			}
			for _, n := range append(a.Needs, a.Denied...) {
				if n.Action == "" || n.Resource == "" {
					t.Fatalf("need %+v without action or resource", n)
				}
			}
		}
	})
}
