package cli

import "encoding/json"

// paramsJSON reads the parameter file shapes of the AWS CLI
// ([{"ParameterKey": "K", "ParameterValue": "V"}]) and of CodePipeline
// template configurations ({"Parameters": {"K": "V"}}).
func paramsJSON(data []byte) (map[string]string, bool) {
	var list []struct {
		ParameterKey   string
		ParameterValue string
	}
	if json.Unmarshal(data, &list) == nil && len(list) > 0 {
		out := map[string]string{}
		for _, p := range list {
			out[p.ParameterKey] = p.ParameterValue
		}
		return out, true
	}
	var obj struct {
		Parameters map[string]string
	}
	if json.Unmarshal(data, &obj) == nil && obj.Parameters != nil {
		return obj.Parameters, true
	}
	return nil, false
}
