package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"backproplab/lab"
)

// commandOf is the lab Command that the JS API's command(name, ...args)
// means: the name, and the arguments as words joined by spaces, numbers as
// JavaScript writes them (12, 0.03, 1e-5). main_js.go hands it the JS
// values as float64, string and bool, and arrays and objects (strokes, an
// image) as jsonText; anything else is refused in words.
func commandOf(name any, args ...any) (lab.Command, error) {
	n, ok := name.(string)
	if !ok || n == "" {
		return lab.Command{}, fmt.Errorf(`command: give a command name, such as "step"`)
	}
	words := make([]string, 0, len(args))
	for _, a := range args {
		switch a := a.(type) {
		case float64:
			if a == math.Trunc(a) && math.Abs(a) < 1e21 {
				words = append(words, strconv.FormatFloat(a, 'f', -1, 64)) // 1e9 as 1000000000
			} else {
				words = append(words, strconv.FormatFloat(a, 'g', -1, 64))
			}
		case string:
			words = append(words, a)
		case bool:
			words = append(words, strconv.FormatBool(a))
		case jsonText:
			words = append(words, string(a))
		default:
			return lab.Command{}, fmt.Errorf("command %s: give numbers or words as its arguments", n)
		}
	}
	return lab.Command{Name: n, Arg: strings.Join(words, " ")}, nil
}

// jsonText is a JS array or object (the strokes of draw, the image of
// image) written as JSON, which the lab's command reads.
type jsonText string
