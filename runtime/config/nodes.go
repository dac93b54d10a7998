package config

import (
	"fmt"
	"reflect"

	"gopkg.in/yaml.v3"
)

// decodeNode reads a visited filter: a list of nodes (all must be visited)
// or a mapping {operator, nodes}. A mapping without operator means AND.
func (f *VisitedFilter) decodeNode(d *decoder, n *yaml.Node, path string) {
	switch n.Kind {
	case yaml.SequenceNode:
		f.Operator = VisitedAll
		d.decode(n, reflect.ValueOf(&f.Nodes).Elem(), path, false)
		d.pos[path+"#list"] = position{n.Line, n.Column}
	case yaml.MappingNode:
		d.decodeStruct(n, reflect.ValueOf(f).Elem(), path)
		if f.Operator == "" {
			f.Operator = VisitedAll
		}
	default:
		if isNull(n) {
			return
		}
		d.fail(n, path, "write a list of nodes, or {operator: AND|OR, nodes: [...]}", "%s: expected a list or a mapping, found %s", path, describe(n))
	}
}

// nodesPath is the path of the node list of a visited filter at path.
func (p *Param) visitedNodesPath() string {
	if _, ok := p.pos["visited_filter#list"]; ok {
		return "visited_filter"
	}
	return "visited_filter.nodes"
}

// decodeNode reads alerts: one mapping, or a list of mappings.
func (a *Alerts) decodeNode(d *decoder, n *yaml.Node, path string) {
	switch n.Kind {
	case yaml.MappingNode:
		var one Alert
		d.decodeStruct(n, reflect.ValueOf(&one).Elem(), path)
		*a = Alerts{one}
		d.pos[path+"#single"] = position{n.Line, n.Column}
	case yaml.SequenceNode:
		d.decode(n, reflect.ValueOf((*[]Alert)(a)).Elem(), path, false)
	default:
		if isNull(n) {
			return
		}
		d.fail(n, path, "", "%s: expected a mapping or a list of mappings, found %s", path, describe(n))
	}
}

// alertPath is the path of the i-th alert.
func (p *Param) alertPath(i int) string {
	if _, ok := p.pos["model_fit.alerts#single"]; ok {
		return "model_fit.alerts"
	}
	return fmt.Sprintf("model_fit.alerts[%d]", i)
}
