package lab

import (
	"strings"
	"testing"

	"backproplab/core"
)

// TestLabRefusesWhatTheTrainerRefuses: data that core's Trainer will not
// train on (backprop train's refusal) is refused by the lab, at New and
// at SetData, with the same sentence, and SetData keeps the data it had.
func TestLabRefusesWhatTheTrainerRefuses(t *testing.T) {
	small := &core.Dataset{Rows: 6, Cols: 6, Images: make([]uint8, 2*36), Labels: []uint8{1, 2}}
	short := synthData(3)
	short.Images = short.Images[:len(short.Images)-1]
	badLabel := synthData(3)
	badLabel.Labels[2] = 10
	for _, tc := range []struct {
		name string
		d    *core.Dataset
		want string
	}{
		{"6×6 images", small, "1×6×6, the network takes 1×28×28"},
		{"a pixel short", short, "not a whole number of 28×28 images"},
		{"label 10", badLabel, "label 10 (of image 2) is not one of the 10 classes"},
	} {
		n, _ := core.New(core.MNIST, nil)
		_, trainErr := core.NewTrainer(n, tc.d, core.NewRand(1), core.DefaultSchedule(1))
		if trainErr == nil || !strings.Contains(trainErr.Error(), tc.want) {
			t.Fatalf("%s: NewTrainer error %v, want %q", tc.name, trainErr, tc.want)
		}
		_, trainSays, _ := strings.Cut(trainErr.Error(), ": ")
		if _, err := New(core.MNIST, tc.d); err == nil || !strings.HasSuffix(err.Error(), trainSays) {
			t.Errorf("%s: New error %v, want the trainer's %q", tc.name, err, trainSays)
		}
		l := newTestLab(t)
		before := l.Status().Samples
		if err := l.SetData(tc.d, synthData(5)); err == nil || !strings.HasSuffix(err.Error(), trainSays) {
			t.Errorf("%s: SetData error %v, want the trainer's %q", tc.name, err, trainSays)
		}
		if err := l.SetData(synthData(5), tc.d); err == nil || !strings.HasSuffix(err.Error(), trainSays) {
			t.Errorf("%s: SetData(test) error %v, want the trainer's %q", tc.name, err, trainSays)
		}
		if got := l.Status().Samples; got != before {
			t.Errorf("%s: after a refused SetData %d samples, want the %d it had", tc.name, got, before)
		}
	}
}
