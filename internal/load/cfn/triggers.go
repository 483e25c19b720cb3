package cfn

import (
	"github.com/slsguard/slsguard/internal/model"
)

// Event sources written as plain CloudFormation resources that name the
// function they invoke.

func (b *builder) targetGroup(r *resource) {
	p := b.properties(r)
	if p.get("TargetType").text() != "lambda" {
		return
	}
	for _, t := range p.get("Targets").items() {
		if f := b.function(t.get("Id").str()); f != nil {
			b.addTrigger(f, &model.Trigger{ID: r.id, Kind: model.TriggerALB, Loc: t.loc,
				Source: model.String{V: r.id, Loc: r.loc, Origin: model.Explicit, RefTarget: r.id}})
		}
	}
}

func (b *builder) iotTopicRule(r *resource) {
	p := b.properties(r)
	sql := p.path("TopicRulePayload", "Sql").str()
	for _, a := range p.path("TopicRulePayload", "Actions").items() {
		if f := b.function(a.path("Lambda", "FunctionArn").str()); f != nil {
			b.addTrigger(f, &model.Trigger{ID: r.id, Kind: model.TriggerIoT, Loc: a.loc, Source: sql})
		}
	}
}

func (b *builder) userPool(r *resource) {
	p := b.properties(r)
	for _, hook := range p.get("LambdaConfig").fields() {
		if f := b.function(hook.v.str()); f != nil {
			b.addTrigger(f, &model.Trigger{ID: r.id + ":" + hook.key, Kind: model.TriggerCognito, Loc: hook.keyLoc,
				Source: model.String{V: r.id + " " + hook.key, Loc: hook.keyLoc, Origin: model.Explicit, RefTarget: r.id}})
		}
	}
}

func (b *builder) subscriptionFilter(r *resource) {
	p := b.properties(r)
	if f := b.function(p.get("DestinationArn").str()); f != nil {
		b.addTrigger(f, &model.Trigger{ID: r.id, Kind: model.TriggerLogs, Loc: r.loc, Source: p.get("LogGroupName").str()})
	}
}

func (b *builder) codeCommitRepo(r *resource) {
	p := b.properties(r)
	for _, t := range p.get("Triggers").items() {
		if f := b.function(t.get("DestinationArn").str()); f != nil {
			b.addTrigger(f, &model.Trigger{ID: r.id, Kind: model.TriggerCodeCommit, Loc: t.loc,
				Source: model.String{V: r.id, Loc: r.loc, Origin: model.Explicit, RefTarget: r.id}})
		}
	}
}
