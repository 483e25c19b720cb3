package rules

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/slsguard/slsguard/internal/deps"
)

// TestDeprecationsOnline checks that an online scan takes the registry's
// word over the built-in list, and falls back to the list only for the
// versions the registry did not answer for.
func TestDeprecationsOnline(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/left-pad/1.3.0":
			fmt.Fprint(w, `{"deprecated":"use String.prototype.padStart()"}`)
		case "/aws-sdk/2.1692.0":
			fmt.Fprint(w, `{"deprecated":"The AWS SDK for JavaScript (v2) has reached end-of-support"}`)
		case "/request/2.88.2":
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
		default:
			fmt.Fprint(w, `{}`)
		}
	}))
	defer srv.Close()
	reg := &deps.Registry{BaseURL: srv.URL, Client: srv.Client()}
	pkgs := []deps.Package{
		{Ecosystem: "npm", Name: "aws-sdk", Version: "2.1692.0"},
		{Ecosystem: "npm", Name: "left-pad", Version: "1.3.0"},
		{Ecosystem: "npm", Name: "request", Version: "2.88.2"},
		{Ecosystem: "npm", Name: "uuid", Version: "3.3.2"}, // the registry says nothing: not reported
	}
	var got []string
	for _, d := range deprecations(reg, pkgs) {
		got = append(got, fmt.Sprintf("%s builtin=%v", d.Package.Name, d.Builtin))
	}
	want := []string{"aws-sdk builtin=false", "left-pad builtin=false", "request builtin=true"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("deprecations online (-want +got):\n%s", diff)
	}
	got = nil
	for _, d := range deprecations(nil, pkgs) {
		got = append(got, fmt.Sprintf("%s builtin=%v", d.Package.Name, d.Builtin))
	}
	want = []string{"left-pad builtin=true", "request builtin=true", "uuid builtin=true"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("deprecations offline (-want +got):\n%s", diff)
	}
}
