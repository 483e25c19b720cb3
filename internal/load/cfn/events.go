package cfn

import (
	"strings"

	"github.com/slsguard/slsguard/internal/model"
)

// samEventKinds maps SAM event types to trigger kinds.
var samEventKinds = map[string]model.TriggerKind{
	"Api":              model.TriggerRESTAPI,
	"HttpApi":          model.TriggerHTTPAPI,
	"S3":               model.TriggerS3,
	"SNS":              model.TriggerSNS,
	"SQS":              model.TriggerSQS,
	"Kinesis":          model.TriggerKinesis,
	"DynamoDB":         model.TriggerDynamoDB,
	"Schedule":         model.TriggerSchedule,
	"ScheduleV2":       model.TriggerSchedule,
	"CloudWatchEvent":  model.TriggerEventBridge,
	"EventBridgeRule":  model.TriggerEventBridge,
	"CloudWatchLogs":   model.TriggerLogs,
	"IoTRule":          model.TriggerIoT,
	"AlexaSkill":       model.TriggerAlexa,
	"Cognito":          model.TriggerCognito,
	"MSK":              model.TriggerKafka,
	"SelfManagedKafka": model.TriggerKafka,
	"MQ":               model.TriggerMQ,
	"DocumentDB":       model.TriggerOther,
}

// sourceProperty names the property that says where events come from.
var sourceProperty = map[string]string{
	"S3": "Bucket", "SNS": "Topic", "SQS": "Queue", "Kinesis": "Stream", "DynamoDB": "Stream",
	"MSK": "Stream", "MQ": "Broker", "Schedule": "Schedule", "ScheduleV2": "ScheduleExpression",
	"CloudWatchLogs": "LogGroupName", "IoTRule": "Sql", "Cognito": "UserPool", "DocumentDB": "Cluster",
	"SelfManagedKafka": "KafkaBootstrapServers", "CloudWatchEvent": "Pattern", "EventBridgeRule": "Pattern",
}

// pollerPolicies are the managed policies SAM adds to a function's
// generated role for poll-based event sources.
var pollerPolicies = map[string]string{
	"SQS":      "AWSLambdaSQSQueueExecutionRole",
	"Kinesis":  "AWSLambdaKinesisExecutionRole",
	"DynamoDB": "AWSLambdaDynamoDBExecutionRole",
	"MSK":      "AWSLambdaMSKExecutionRole",
}

func (b *builder) samEvents(r *resource, p *val, f *model.Function) {
	events := p.get("Events")
	if events == nil {
		return
	}
	for _, ev := range events.pairs {
		typ := ev.v.get("Type").str().V
		props := ev.v.get("Properties")
		kind, ok := samEventKinds[typ]
		if !ok {
			b.problem(ev.keyLoc, "event %s of %s has unknown type %q", ev.key, r.id, typ)
			kind = model.TriggerOther
		}
		t := &model.Trigger{ID: r.id + ev.key, Kind: kind, Loc: ev.keyLoc}
		if sp, ok := sourceProperty[typ]; ok {
			t.Source = props.get(sp).str()
		}
		switch typ {
		case "Api":
			b.samAPIEvent(t, props, f, ev.keyLoc)
		case "HttpApi":
			b.samHTTPEvent(t, props, f, ev.keyLoc)
		}
		if pol, ok := pollerPolicies[typ]; ok && f.Role != nil && f.Role.Implicit {
			f.Role.ManagedPolicies = append(f.Role.ManagedPolicies, model.String{V: pol, Loc: ev.keyLoc, Origin: model.Defaulted})
		}
		if typ == "SQS" || typ == "Kinesis" || typ == "DynamoDB" {
			// Poll-based sources retry through the source; their on-failure
			// destination is the event source mapping's.
			if d := props.path("DestinationConfig", "OnFailure", "Destination"); d != nil && f.OnFailure.V == "" {
				f.OnFailure = d.str()
			}
		}
		b.addTrigger(f, t)
	}
}

// implicitAPI returns the API SAM creates for events without an API ID.
func (b *builder) implicitAPI(id string, kind model.APIKind, loc model.Location) *model.API {
	if a, ok := b.apis[id]; ok {
		return a
	}
	a := &model.API{ID: id, Kind: kind, Loc: loc, Implicit: true,
		Name: model.String{V: id, Loc: loc, Origin: model.Defaulted}}
	// SAM deploys implicit REST APIs to a stage named Prod and HTTP APIs
	// to $default, without access logging unless Globals say otherwise.
	stage := "Prod"
	if kind == model.APIHTTP {
		stage = "$default"
	}
	a.Stages = []*model.Stage{{Name: model.String{V: stage, Loc: loc, Origin: model.Defaulted}, Loc: loc}}
	// The implicit API takes the Globals Api/HttpApi settings.
	sec := "Api"
	if kind == model.APIHTTP {
		sec = "HttpApi"
	}
	if g := b.globals.get(sec); g != nil {
		b.samAPISettings(a, b.ev.eval(g), loc)
	}
	b.apis[id] = a
	b.app.APIs = append(b.app.APIs, a)
	return a
}

func (b *builder) apiFor(ref model.String, implicitID string, kind model.APIKind, loc model.Location) *model.API {
	if ref.RefTarget != "" {
		if a, ok := b.apis[ref.RefTarget]; ok {
			return a
		}
	}
	if ref.V != "" && ref.RefTarget == "" {
		// An API of another stack: routes are recorded on a placeholder.
		return b.implicitAPI("external:"+ref.V, kind, loc)
	}
	return b.implicitAPI(implicitID, kind, loc)
}

func (b *builder) samAPIEvent(t *model.Trigger, props *val, f *model.Function, loc model.Location) {
	api := b.apiFor(props.get("RestApiId").str(), "ServerlessRestApi", model.APIREST, loc)
	route := &model.Route{
		Loc:        loc,
		Method:     upper(props.get("Method").str()),
		Path:       props.get("Path").str(),
		FunctionID: f.ID,
	}
	if def := definedRoute(api, route); def != nil {
		// SAM merges the event into the route the API's OpenAPI
		// definition already has; the definition's security and validator
		// stand unless the event sets its own.
		def.FunctionID = f.ID
		route = def
	} else {
		api.Routes = append(api.Routes, route)
	}
	if auth := props.get("Auth"); auth != nil {
		route.Auth = auth.get("Authorizer").str()
		route.APIKeyRequired = boolOf(auth.get("ApiKeyRequired"))
	}
	if rm := props.get("RequestModel"); rm != nil {
		route.Validation = boolOf(rm.get("ValidateBody"))
		if route.Validation.Origin == model.Unset {
			route.Validation = model.Bool{V: true, Loc: rm.loc, Origin: model.Defaulted}
		}
	}
	if rp := props.get("RequestParameters"); rp != nil && route.Validation.Origin == model.Unset {
		for _, it := range rp.items() {
			if len(it.fields()) > 0 && it.pairs[0].v.get("Required").text() == "true" {
				route.Validation = model.Bool{V: true, Loc: rp.loc, Origin: model.Explicit}
			}
		}
	}
	t.API, t.Route = api, route
	t.Source = model.String{V: route.Method.V + " " + route.Path.V, Loc: loc, Origin: model.Explicit}
}

// definedRoute returns the route of an API's OpenAPI definition with the
// same method and path, not yet bound to a function.
func definedRoute(a *model.API, r *model.Route) *model.Route {
	for _, d := range a.Routes {
		if d.FunctionID == "" && strings.EqualFold(d.Method.V, r.Method.V) && d.Path.V == r.Path.V {
			return d
		}
	}
	return nil
}

func (b *builder) samHTTPEvent(t *model.Trigger, props *val, f *model.Function, loc model.Location) {
	api := b.apiFor(props.get("ApiId").str(), "ServerlessHttpApi", model.APIHTTP, loc)
	route := &model.Route{
		Loc:        loc,
		Method:     upper(props.get("Method").str()),
		Path:       props.get("Path").str(),
		FunctionID: f.ID,
	}
	if route.Path.V == "" {
		route.Path = model.String{V: "$default", Loc: loc, Origin: model.Defaulted}
		route.Method = model.String{V: "ANY", Loc: loc, Origin: model.Defaulted}
	}
	if auth := props.get("Auth"); auth != nil {
		route.Auth = auth.get("Authorizer").str()
	}
	api.Routes = append(api.Routes, route)
	t.API, t.Route = api, route
	t.Source = model.String{V: route.Method.V + " " + route.Path.V, Loc: loc, Origin: model.Explicit}
}

func upper(s model.String) model.String {
	s.V = strings.ToUpper(s.V)
	return s
}

// eventSourceMapping connects a poll-based source to a function.
func (b *builder) eventSourceMapping(r *resource) {
	p := b.properties(r)
	f := b.function(p.get("FunctionName").str())
	if f == nil {
		return
	}
	src := p.get("EventSourceArn").str()
	t := &model.Trigger{ID: r.id, Kind: b.esmKind(src, p), Loc: r.loc, Source: src}
	if d := p.path("DestinationConfig", "OnFailure", "Destination"); d != nil && f.OnFailure.V == "" {
		f.OnFailure = d.str()
	}
	b.addTrigger(f, t)
}

// esmKind tells the source type of an event source mapping from the
// resource it refers to or its ARN.
func (b *builder) esmKind(src model.String, p *val) model.TriggerKind {
	switch b.ev.resources[src.RefTarget] {
	case "AWS::SQS::Queue":
		return model.TriggerSQS
	case "AWS::Kinesis::Stream":
		return model.TriggerKinesis
	case "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable":
		return model.TriggerDynamoDB
	case "AWS::MSK::Cluster":
		return model.TriggerKafka
	case "AWS::AmazonMQ::Broker":
		return model.TriggerMQ
	}
	s := src.V
	switch {
	case strings.Contains(s, ":sqs:"):
		return model.TriggerSQS
	case strings.Contains(s, ":kinesis:"):
		return model.TriggerKinesis
	case strings.Contains(s, ":dynamodb:"):
		return model.TriggerDynamoDB
	case strings.Contains(s, ":kafka:") || p.get("SelfManagedEventSource") != nil:
		return model.TriggerKafka
	case strings.Contains(s, ":mq:"):
		return model.TriggerMQ
	}
	return model.TriggerOther
}
