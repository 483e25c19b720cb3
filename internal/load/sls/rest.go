package sls

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/slsguard/slsguard/internal/model"
)

const restAPIID = "ApiGatewayRestApi"

// restState is the REST API the framework creates for http events.
type restState struct {
	p         pos
	paths     map[string]string // path -> resource logical ID
	validator string
	permitted map[string]bool // functions with an API Gateway permission
}

// parseHTTP reads an http event: "GET /path" or a mapping.
func parseHTTP(ev *yaml.Node) (method, route *yaml.Node) {
	if ev.Kind == yaml.ScalarNode {
		m, rest, _ := strings.Cut(strings.TrimSpace(ev.Value), " ")
		return str(strings.ToUpper(m), at(ev)), str("/"+strings.Trim(strings.TrimSpace(rest), "/"), at(ev))
	}
	method, route = get(ev, "method"), get(ev, "path")
	if method == nil {
		method = str("ANY", at(ev))
	}
	if route == nil {
		route = str("/", at(ev))
	}
	m := *method
	m.Value = strings.ToUpper(m.Value)
	r := *route
	r.Value = "/" + strings.Trim(r.Value, "/")
	return &m, &r
}

// httpEvent compiles an http event into API Gateway resources, a method
// with its authorization, and the permission to invoke the function.
func (c *compiler) httpEvent(evKey, ev *yaml.Node, fnID string) {
	p := at(evKey)
	method, route := parseHTTP(ev)
	if method.Value == "ANY" || method.Value == "*" {
		method.Value = "ANY"
	}
	if ext := path(c.provider, "apiGateway", "restApiId"); ext != nil {
		// The API belongs to another stack: only the route is known here.
		c.other(evKey, fnID, model.TriggerRESTAPI, "ExternalApi"+normalizePath(route.Value)+normalize(strings.ToLower(method.Value)), "",
			str(method.Value+" "+route.Value, p))
		return
	}
	api := c.rest(p)
	res := c.restResource(route.Value, p)
	props := obj(p, "HttpMethod", method, "ResourceId", res, "RestApiId", ref(restAPIID, p))
	c.httpAuth(props, ev, p)
	if req := get(ev, "request"); req != nil && needsValidation(req) {
		set(props, "RequestValidatorId", ref(c.restValidator(at(req)), at(req)))
	}
	integration := obj(p, "Type", "AWS_PROXY", "IntegrationHttpMethod", "POST", "Uri", getAtt(fnID, "Arn", p))
	if t := get(ev, "integration"); t != nil && !strings.HasPrefix(strings.ToLower(t.Value), "lambda") {
		integration = obj(at(t), "Type", strings.ToUpper(t.Value))
	}
	set(props, "Integration", integration)
	c.add("ApiGatewayMethod"+normalizePath(route.Value)+normalize(strings.ToLower(method.Value)), p, "AWS::ApiGateway::Method", props)
	if !api.permitted[fnID] {
		api.permitted[fnID] = true
		c.add(strings.TrimSuffix(fnID, "LambdaFunction")+"LambdaPermissionApiGateway", p, "AWS::Lambda::Permission",
			obj(p, "FunctionName", getAtt(fnID, "Arn", p), "Action", "lambda:InvokeFunction",
				"Principal", "apigateway.amazonaws.com",
				"SourceArn", sub("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${"+restAPIID+"}/*/*", p)))
	}
}

// httpAuth sets the method's authorization from the event's authorizer
// and private (API key) settings.
func (c *compiler) httpAuth(props, ev *yaml.Node, p pos) {
	// Without an authorizer the method's AuthorizationType is NONE and no
	// API key is required: left out, so the model marks them as defaults.
	if priv := get(ev, "private"); priv != nil {
		set(props, "ApiKeyRequired", str(strings.ToLower(priv.Value), at(priv)))
	}
	a := get(ev, "authorizer")
	if a == nil || isNull(a) {
		return
	}
	ap := at(a)
	name, arn, typ, authID := text(a), "", "", ""
	if a.Kind == yaml.MappingNode {
		name, arn, typ, authID = text(get(a, "name")), text(get(a, "arn")), strings.ToLower(text(get(a, "type"))), text(get(a, "authorizerId"))
		if arn == "" && get(a, "arn") != nil {
			arn = "${arn}"
		}
	} else if strings.HasPrefix(name, "arn:") {
		name, arn = "", name
	}
	switch {
	case strings.EqualFold(name, "aws_iam") || typ == "aws_iam":
		set(props, "AuthorizationType", str("AWS_IAM", ap))
		return
	case strings.Contains(arn, "cognito-idp") || strings.Contains(typ, "cognito"):
		set(props, "AuthorizationType", str("COGNITO_USER_POOLS", ap))
	default:
		set(props, "AuthorizationType", str("CUSTOM", ap))
	}
	if authID != "" {
		set(props, "AuthorizerId", get(a, "authorizerId"))
		return
	}
	if name == "" {
		name = arnName(arn)
	}
	id := normalize(name) + "ApiGatewayAuthorizer"
	if c.byID[id] == nil {
		uri := str(arn, ap)
		if arn == "" {
			uri = sub("arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${"+normalize(name)+"LambdaFunction.Arn}/invocations", ap)
		}
		props := obj(ap, "Name", name, "RestApiId", ref(restAPIID, ap), "Type", strings.ToUpper(orDefault(typ, "token")), "AuthorizerUri", uri)
		if strings.Contains(arn, "cognito-idp") || strings.Contains(typ, "cognito") {
			props = obj(ap, "Name", name, "RestApiId", ref(restAPIID, ap), "Type", "COGNITO_USER_POOLS",
				"ProviderARNs", seq(ap, orNode(get(a, "arn"), str(arn, ap))))
		}
		c.add(id, ap, "AWS::ApiGateway::Authorizer", props)
	}
	set(props, "AuthorizerId", ref(id, ap))
}

// arnName is the last part of an ARN, to name an authorizer given by ARN.
func arnName(arn string) string {
	if i := strings.LastIndexAny(arn, ":/"); i >= 0 {
		return arn[i+1:]
	}
	return arn
}

func needsValidation(req *yaml.Node) bool {
	if get(req, "schemas") != nil || get(req, "schema") != nil {
		return true
	}
	for _, group := range pairs(get(req, "parameters")) {
		for _, kv := range pairs(group[1]) {
			if truthy(kv[1]) || truthy(get(kv[1], "required")) {
				return true
			}
		}
	}
	return false
}

func (c *compiler) restValidator(p pos) string {
	if c.restAPI.validator == "" {
		c.restAPI.validator = c.add("ApiGatewayRequestValidator", p, "AWS::ApiGateway::RequestValidator",
			obj(p, "RestApiId", ref(restAPIID, p), "ValidateRequestBody", "true", "ValidateRequestParameters", "true"))
	}
	return c.restAPI.validator
}

// rest returns the service's REST API, creating it at the first http
// event.
func (c *compiler) rest(p pos) *restState {
	if c.restAPI != nil {
		return c.restAPI
	}
	c.restAPI = &restState{p: p, paths: map[string]string{}, permitted: map[string]bool{}}
	gw := get(c.provider, "apiGateway")
	endpoint := orNode(get(c.provider, "endpointType"), get(gw, "endpointType"))
	if endpoint == nil {
		endpoint = str("EDGE", p)
	}
	e := *endpoint
	e.Value = strings.ToUpper(e.Value)
	props := obj(p, "Name", c.stage+"-"+c.service, "EndpointConfiguration", obj(at(endpoint), "Types", seq(at(endpoint), &e)),
		"DisableExecuteApiEndpoint", get(gw, "disableDefaultEndpoint"))
	rp := orNode(get(gw, "resourcePolicy"), get(c.provider, "resourcePolicy"))
	if rp != nil {
		set(props, "Policy", obj(at(rp), "Version", "2012-10-17", "Statement", seq(at(rp), statementList(rp)...)))
	}
	c.add(restAPIID, p, "AWS::ApiGateway::RestApi", props)
	return c.restAPI
}

// restResource returns the ResourceId of a path, creating the API Gateway
// resources for each of its parts.
func (c *compiler) restResource(route string, p pos) *yaml.Node {
	parent := getAtt(restAPIID, "RootResourceId", p)
	sofar := ""
	for _, part := range strings.Split(strings.Trim(route, "/"), "/") {
		if part == "" {
			continue
		}
		sofar += "/" + part
		id, ok := c.restAPI.paths[sofar]
		if !ok {
			id = c.add("ApiGatewayResource"+normalizePath(sofar), p, "AWS::ApiGateway::Resource",
				obj(p, "ParentId", parent, "PathPart", part, "RestApiId", ref(restAPIID, p)))
			c.restAPI.paths[sofar] = id
		}
		parent = ref(id, p)
	}
	return parent
}

// finishREST adds the stage (with access logs when provider.logs.restApi
// is set) and the usage plan for apiKeys / usagePlan.
func (c *compiler) finishREST() {
	a := c.restAPI
	if a == nil {
		return
	}
	p := a.p
	stage := obj(p, "RestApiId", ref(restAPIID, p), "StageName", c.stage, "DeploymentId", ref("ApiGatewayDeployment", p))
	if l := path(c.provider, "logs", "restApi"); l != nil && (l.Kind == yaml.MappingNode || truthy(l)) {
		lp := at(l)
		if get(l, "accessLogging") == nil || truthy(get(l, "accessLogging")) {
			set(stage, "AccessLogSetting", obj(lp, "DestinationArn", getAtt("ApiGatewayLogGroup", "Arn", lp)))
			c.add("ApiGatewayLogGroup", lp, "AWS::Logs::LogGroup", obj(lp, "LogGroupName",
				"/aws/api-gateway/"+c.service+"-"+c.stage, "RetentionInDays", get(c.provider, "logRetentionInDays")))
		}
	}
	if t := path(c.root, "custom", "apiGatewayThrottling"); t != nil {
		// The serverless-api-gateway-throttling plugin sets stage-wide
		// method settings.
		set(stage, "MethodSettings", seq(at(t), obj(at(t), "ResourcePath", "/*", "HttpMethod", "*",
			"ThrottlingRateLimit", orNode(get(t, "maxRequestsPerSecond"), str("10000", at(t))),
			"ThrottlingBurstLimit", orNode(get(t, "maxConcurrentRequests"), str("5000", at(t))))))
	}
	c.add("ApiGatewayDeployment", p, "AWS::ApiGateway::Deployment", obj(p, "RestApiId", ref(restAPIID, p)))
	c.add("ApiGatewayStage", p, "AWS::ApiGateway::Stage", stage)
	if w := path(c.root, "custom", "associateWaf"); w != nil {
		// The serverless-associate-waf plugin attaches a web ACL to the
		// stage.
		c.add("ApiGatewayWafAssociation", at(w), "AWS::WAFv2::WebACLAssociation", obj(at(w),
			"ResourceArn", sub("arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${"+restAPIID+"}/stages/"+c.stage, at(w)),
			"WebACLArn", orNode(get(w, "arn"), get(w, "name"))))
	}
	gw := get(c.provider, "apiGateway")
	keys := orNode(get(gw, "apiKeys"), get(c.provider, "apiKeys"))
	plan := orNode(get(gw, "usagePlan"), get(c.provider, "usagePlan"))
	if keys == nil && plan == nil {
		return
	}
	pp := at(orNode(plan, keys))
	plans := []*yaml.Node{plan}
	if plan != nil && plan.Kind == yaml.SequenceNode {
		plans = nil
		for _, it := range plan.Content {
			for _, kv := range pairs(it) {
				plans = append(plans, kv[1])
			}
		}
	}
	for _, pl := range plans {
		props := obj(pp, "ApiStages", seq(pp, obj(pp, "ApiId", ref(restAPIID, pp), "Stage", c.stage)))
		if t := get(pl, "throttle"); t != nil {
			set(props, "Throttle", obj(at(t), "BurstLimit", get(t, "burstLimit"), "RateLimit", get(t, "rateLimit")))
		}
		if q := get(pl, "quota"); q != nil {
			set(props, "Quota", obj(at(q), "Limit", get(q, "limit"), "Period", get(q, "period")))
		}
		c.add("ApiGatewayUsagePlan", pp, "AWS::ApiGateway::UsagePlan", props)
	}
	for i, k := range items(keys) {
		c.add("ApiGatewayApiKey"+itoa(i+1), at(k), "AWS::ApiGateway::ApiKey", obj(at(k), "Enabled", "true"))
	}
}
