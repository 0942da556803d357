#!/usr/bin/env python3
# test_ionscape.py: the Ionscape typelib through PyGObject, as a notebook uses it, against
# ionscape-cli on the demo project. Numbers must be equal to the last digit: the CLI's JSON
# prints doubles with 17 significant digits, so parsing it back gives the very same double.
# TAP output. Usage: test_ionscape.py IONSCAPE_CLI
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import shutil
import subprocess
import sys
import tempfile
import traceback

cli = sys.argv[1]
tests = []


def test(fn):
    tests.append(fn)
    return fn


def run_cli(*args):
    out = subprocess.run([cli, *args], check=True, capture_output=True, text=True)
    return out.stdout


def cli_json(*args):
    return json.loads(run_cli(*args, '--json'))


def same(a, b, what):
    # NaN is null in the CLI's JSON.
    if b is None and a != a:
        return
    if type(b) is float or type(a) is float:
        assert float(a) == float(b), f'{what}: Python {a!r} != CLI {b!r}'
    else:
        assert a == b, f'{what}: Python {a!r} != CLI {b!r}'


import gi  # noqa: E402

gi.require_version('Ionscape', '1.0')
from gi.repository import GLib, Ionscape  # noqa: E402

try:
    import numpy as np
except ImportError:
    np = None

work = tempfile.mkdtemp(prefix='ionscape-python-')
run_cli('demo', '--out', work, '--quiet')
pos = os.path.join(work, 'apt', '300cycles_R1', 'specimen-1.pos')
rrng = os.path.join(work, 'apt', 'ranges.rrng')
data = None
ranges = None


@test
def load_through_the_registry():
    global data, ranges
    data = Ionscape.load(pos, None)
    ranges = Ionscape.load(rrng, None)
    assert isinstance(data, Ionscape.AptData), type(data)
    assert isinstance(ranges, Ionscape.Ranges), type(ranges)
    assert Ionscape.Dataset.new_for_path(pos).get_kind() == 'apt'
    info = cli_json('info', pos)
    same(data.get_n_ions(), info['ions'], 'ions')
    same(data.get_format(), info['format'], 'format')
    assert 'Li' in ranges.get_elements()
    name, low, high = ranges.get_range(0)
    assert low <= high and name in ranges.get_ion_names()


@test
def errors_are_glib_errors():
    try:
        Ionscape.AptData.load(os.path.join(work, 'missing.pos'), None)
    except GLib.Error as e:
        assert 'missing.pos' in e.message, e.message
    else:
        raise AssertionError('loading a missing file did not raise')


@test
def composition_equals_cli():
    comp = data.composition(ranges, None)
    basis = ['Ni', 'Co', 'Mn']
    ref = cli_json('composition', pos, '--ranges', rrng, '--basis', ','.join(basis))
    for key in ('ions_total', 'ions_ranged', 'ions_unranged'):
        same(getattr(comp, 'get_' + key)(), ref[key], key)
    assert comp.get_ion_names() == list(ref['ions']), (comp.get_ion_names(), list(ref['ions']))
    for ion, v in ref['ions'].items():
        same(comp.get_ion_count(ion), v['count'], f'ions.{ion}.count')
    assert comp.get_elements() == list(ref['atoms'])
    for el, v in ref['atoms'].items():
        same(comp.get_count(el), v['count'], f'atoms.{el}.count')
        same(comp.get_fraction(el), v['fraction'], f'atoms.{el}.fraction')
        same(comp.get_sigma(el), v['sigma'], f'atoms.{el}.sigma')
    assert ref['normalized']['basis'] == basis
    for el, v in ref['normalized']['ratios'].items():
        same(comp.get_ratio(basis, el), v, f'normalized.ratios.{el}')
    # The default basis is Ni, Co, Mn, as the CLI's.
    same(comp.get_ratio(None, 'Li'), ref['normalized']['ratios']['Li'], 'ratio Li, default basis')
    same(comp.to_csv(basis), run_cli('composition', pos, '--ranges', rrng, '--csv', '-'), 'CSV')


def check_fda(result, ref):
    for key in ('element', 'block_size', 'blocks', 'fraction', 'chi2', 'dof', 'p_value', 'mu', 'mu_n',
                'mu_n_value', 'n_solute', 'mode', 'count', 'block_layout'):
        same(getattr(result, 'get_' + key)(), ref[key], key)
    assert len(result.get_observed()) == len(ref['observed'])
    for n, (a, b) in enumerate(zip(result.get_observed(), ref['observed'])):
        same(a, b, f'observed[{n}]')
    for n, (a, b) in enumerate(zip(result.get_expected(), ref['expected'])):
        same(a, b, f'expected[{n}]')


@test
def fda_equals_cli():
    result = data.fda(ranges, 'Li', 0, None, None, None, None, None)
    check_fda(result, cli_json('fda', pos, '--ranges', rrng, '--element', 'Li'))
    assert result.get_mu() == result.get_mu() and result.get_chi2() > 0


@test
def fda_settings_equal_cli():
    result = data.fda(ranges, 'Ni', 50, 'skip', 'ions', None, 'blocks', None)
    check_fda(result, cli_json('fda', pos, '--ranges', rrng, '--element', 'Ni', '--block', '50',
                               '--chi2', 'skip', '--count', 'ions', '--mu-n', 'blocks'))
    try:
        data.fda(ranges, 'Li', 0, 'sometimes', None, None, None, None)
    except GLib.Error as e:
        assert 'sometimes' in e.message
    else:
        raise AssertionError('a bad chi2 mode did not raise')


@test
def profile_equals_cli():
    profile = data.profile(ranges, 'z', 2.0, None)
    same(profile.to_csv(), run_cli('profile', pos, '--ranges', rrng, '--axis', 'z', '--bin', '2'), 'profile CSV')
    assert len(profile.get_start()) == profile.get_n_bins() > 0
    assert len(profile.get_fraction('Li')) == profile.get_n_bins()


@test
def clusters_equal_cli():
    text = data.clusters(ranges, ['Ni'], 0.5, 5, None)
    ref = cli_json('cluster', pos, '--ranges', rrng, '--elements', 'Ni', '--dmax', '0.5', '--nmin', '5')
    mine = json.loads(text)
    assert len(mine['clusters']) > 0, 'no clusters: the comparison would prove nothing'
    same(mine['clusters'], ref['clusters'], 'clusters')
    same(mine['matrix'], ref['matrix'], 'matrix')


@test
def xyz_through_numpy_without_copy():
    if np is None:
        raise AssertionError('numpy is missing (apt install python3-numpy; scripts/install-deps.sh does)')
    raw = np.fromfile(pos, dtype='>f4').reshape(-1, 4)   # .pos: big-endian x, y, z, m/n
    info = cli_json('info', pos)
    for i, name in enumerate(('x', 'y', 'z', 'mq')):
        b = data.get_channel(name)
        assert b.get_size() == 4 * data.get_n_ions()
        address = Ionscape.bytes_get_address(b)
        view = Ionscape.as_array(b)
        # The array is the library's memory: same address, not owned by numpy, read-only.
        assert view.ctypes.data == address, (hex(view.ctypes.data), hex(address))
        assert not view.flags.owndata and not view.flags.writeable
        # A second view of the channel is the same memory again (nothing was copied for either).
        assert getattr(data, name).ctypes.data == address
        # np.frombuffer on the bytes PyGObject makes (a copy) reads the same values.
        copied = np.frombuffer(b.get_data(), dtype=np.float32)
        assert np.array_equal(copied, view)
        assert np.array_equal(view, raw[:, i]), name
        if name != 'mq':
            same(float(view.min()), info['bounds']['min'][i], f'{name} min')
            same(float(view.max()), info['bounds']['max'][i], f'{name} max')
    # The view outlives the object it came from (the GBytes holds the data).
    x = data.x
    global_copy = np.array(raw[:, 0])
    del b, view
    assert np.array_equal(x, global_copy)


@test
def image_and_calibration():
    if np is None:
        raise AssertionError('numpy is missing')
    path = os.path.join(work, 'stem', '100cycles_R1.tif')
    image = Ionscape.load(path, None)
    assert isinstance(image, Ionscape.Image)
    ref = cli_json('image-info', path)
    same(image.get_width(), ref['width'], 'width')
    same(image.get_height(), ref['height'], 'height')
    assert image.data.shape == (image.get_height(), image.get_width())
    assert image.data.ctypes.data == Ionscape.bytes_get_address(image.get_pixels())
    assert image.get_axis_unit(0) in ('nm', ''), image.get_axis_unit(0)
    assert len(image.axis(0)) == image.get_width()


@test
def cycler_data():
    path = os.path.join(work, 'cycling', 'R-NCM-half-cell.csv')
    cycler = Ionscape.load(path, None)
    assert isinstance(cycler, Ionscape.CyclerData)
    n = cycler.get_n_records()
    assert n > 0
    if np is not None:
        v = cycler.column('voltage_v')
        assert len(v) == n and 2.0 < float(v.mean()) < 5.0, float(v.mean())


@test
def other_kinds_summarised_as_info():
    path = os.path.join(work, 'xrd', 'heating', '025C.xy')
    dataset = Ionscape.Dataset.new_for_path(path)
    assert dataset.get_kind() == 'xrd', dataset.get_kind()
    same(json.loads(dataset.summarize()), cli_json('info', path), 'xrd summary')
    try:
        dataset.load(None)
    except GLib.Error as e:
        assert 'xrd' in e.message
    else:
        raise AssertionError('XRD data loaded without a Python type')


@test
def project_conditions_sites_datasets():
    project = Ionscape.Project.load(os.path.join(work, 'demo.ionscape'))
    conditions = project.get_conditions()
    assert len(conditions) > 0
    sites = [s for c in conditions for s in c.get_sites()]
    assert any(s.get_label() == 'R1' for s in sites)
    apt = [d for s in sites for d in s.get_datasets() if d.get_kind() == 'apt']
    assert len(apt) > 0 and all(os.path.exists(d.get_path()) for d in apt)
    first = apt[0]
    assert first.get_range_path() is not None
    loaded = first.load(None)
    assert isinstance(loaded, Ionscape.AptData) and loaded.get_n_ions() > 0
    comp = loaded.composition(first.load_ranges(), None)
    assert comp.get_ions_ranged() > 0
    assert len(project.get_datasets()) >= len(apt)

    # A recipe run cached by the CLI reads back as the table it wrote.
    assert project.get_batch_csv() is None
    recipe = os.path.join(work, 'recipe.json')
    table = os.path.join(work, 'table.csv')
    with open(recipe, 'w') as f:
        json.dump({'analyses': [{'kind': 'composition', 'basis': ['Ni', 'Co', 'Mn']}]}, f)
    run_cli('batch', os.path.join(work, 'demo.ionscape'), '--recipe', recipe, '--out', table, '--cache', '-q')
    cached = Ionscape.Project.load(os.path.join(work, 'demo.ionscape')).get_batch_csv()
    with open(table) as f:
        same(cached, f.read(), 'cached batch table')


print(f'1..{len(tests)}')
status = 0
for i, fn in enumerate(tests, 1):
    try:
        fn()
        print(f'ok {i} - {fn.__name__}')
    except Exception:
        status = 1
        print(f'not ok {i} - {fn.__name__}')
        for line in traceback.format_exc().splitlines():
            print('# ' + line)
    sys.stdout.flush()
shutil.rmtree(work, ignore_errors=True)
sys.exit(status)
