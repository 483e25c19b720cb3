package policy

import (
	"regexp"
	"strings"
	"sync"

	"github.com/slsguard/slsguard/internal/model"
)

// appIndex holds what the comparison looks up about an application's
// resources, so that each function's comparison does not scan them all.
type appIndex struct {
	types  map[string]string // logical ID or address -> resource type
	names  map[string]string // data store ID -> the name the template gives it
	byName map[string]string // that name -> data store ID
}

// The last application's index is kept: applications are compared one
// after another, each for all its functions.
var (
	indexMu   sync.Mutex
	indexApp  *model.App
	lastIndex *appIndex
)

func index(app *model.App) *appIndex {
	indexMu.Lock()
	defer indexMu.Unlock()
	if app == indexApp && lastIndex != nil {
		return lastIndex
	}
	ix := &appIndex{types: map[string]string{}, names: map[string]string{}, byName: map[string]string{}}
	for _, r := range app.Resources {
		ix.types[r.ID] = r.Type
	}
	for _, s := range app.Stores {
		if s.Name.Known() && s.Name.V != "" && !strings.Contains(s.Name.V, "${") {
			ix.names[s.ID] = s.Name.V
			if _, dup := ix.byName[s.Name.V]; !dup {
				ix.byName[s.Name.V] = s.ID
			}
		}
	}
	indexApp, lastIndex = app, ix
	return ix
}

func resourceType(app *model.App, id string) string { return index(app).types[id] }

// storeName returns the name the template gives a data store, or "".
func storeName(app *model.App, id string) string { return index(app).names[id] }

// storeByName returns the data store the template names name, or "".
func storeByName(app *model.App, name string) string { return index(app).byName[name] }

// placeholderIDs matches the resources a pattern refers to: ${Table},
// ${Queue.Arn}, ${the arn of aws_sqs_queue.q}.
var placeholderIDs = regexp.MustCompile(`\$\{(?:the [A-Za-z0-9_]+ of )?([A-Za-z0-9_.\-\[\]"]+?)(?:\.[A-Za-z]+)?\}`)

// referenced returns the IDs of the application's resources a pattern
// refers to.
func referenced(app *model.App, res string) []string {
	if !strings.Contains(res, "${") {
		return nil
	}
	ix := index(app)
	var out []string
	for _, m := range placeholderIDs.FindAllStringSubmatch(res, -1) {
		id := m[1]
		if _, ok := ix.types[id]; ok {
			out = append(out, id)
			continue
		}
		// ${Queue.Arn}: the lazy match may have kept the attribute.
		if i := strings.LastIndexByte(id, '.'); i > 0 {
			if _, ok := ix.types[id[:i]]; ok {
				out = append(out, id[:i])
			}
		}
	}
	return out
}
