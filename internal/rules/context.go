package rules

import (
	"strings"

	"github.com/slsguard/slsguard/internal/model"
)

// publicTriggers returns the triggers through which anyone on the
// internet can invoke f: API routes without authorization on a non-private
// API, and function URLs without authentication. A route with an
// authorizer still counts as public for denial-of-wallet purposes
// (authorizers run per request), so callers choose with authed.
func publicTriggers(f *model.Function, authed bool) []*model.Trigger {
	var out []*model.Trigger
	for _, t := range f.Triggers {
		switch {
		case t.Kind == model.TriggerURL:
			if authed || f.URL == nil || f.URL.AuthType.V == "NONE" {
				out = append(out, t)
			}
		case t.API != nil:
			if !t.API.Public() {
				continue
			}
			if authed || t.Route == nil || routeOpen(t.Route) {
				out = append(out, t)
			}
		case t.Kind == model.TriggerALB || t.Kind == model.TriggerHTTP:
			out = append(out, t)
		}
	}
	return out
}

// routeOpen reports whether a route lets unauthenticated callers through.
func routeOpen(r *model.Route) bool {
	return r.Auth.Known() && strings.EqualFold(r.Auth.V, "NONE") && !r.APIKeyRequired.V
}

// throttled reports whether every API in front of f limits request rates.
func throttled(ts []*model.Trigger) bool {
	for _, t := range ts {
		if t.API == nil || !t.API.Throttle.V {
			return false
		}
	}
	return len(ts) > 0
}

// locOr returns the value's location, or the fallback when it has none.
func locOr(v model.Location, fallback model.Location) model.Location {
	if v.Line == 0 {
		return fallback
	}
	return v
}

// invokedAsync reports whether f has event sources that invoke it
// asynchronously, the case in which failed events are lost without a
// dead-letter queue or on-failure destination.
func invokedAsync(f *model.Function) (*model.Trigger, bool) {
	for _, t := range f.Triggers {
		// A failed scheduled event holds nothing worth keeping.
		if t.Kind.Async() && t.Kind != model.TriggerSchedule {
			return t, true
		}
	}
	return nil, false
}

// rolesFunctions maps each role to the functions that use it.
func rolesFunctions(app *model.App) map[*model.Role][]*model.Function {
	m := map[*model.Role][]*model.Function{}
	for _, f := range app.Functions {
		if f.Role != nil {
			m[f.Role] = append(m[f.Role], f)
		}
	}
	return m
}

// functionRoles yields each role used by at least one function, in model
// order, with the functions using it.
func functionRoles(app *model.App, fn func(*model.Role, []*model.Function)) {
	m := rolesFunctions(app)
	for _, r := range app.Roles {
		if fs := m[r]; len(fs) > 0 {
			fn(r, fs)
		}
	}
}

func functionNames(fs []*model.Function) string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.ID
	}
	return strings.Join(names, ", ")
}

// describeTrigger names a trigger for a message: "route POST /orders of
// OrdersApi", "its function URL", "sqs events from ...".
func describeTrigger(t *model.Trigger) string {
	switch {
	case t.Kind == model.TriggerURL:
		return "its function URL"
	case t.API != nil && t.Route != nil:
		return "route " + t.Route.Method.V + " " + t.Route.Path.V + " of " + t.API.ID
	}
	return string(t.Kind) + " events from " + t.Source.Text()
}
