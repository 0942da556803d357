# Ionscape.py: PyGObject overrides for the Ionscape typelib (model/gi/isc-gi.h).
#
# Arrays come from the library as GLib.Bytes that point into the data's own memory. Bytes.get_data()
# copies them into a Python bytes object; these helpers give numpy the memory itself instead
# (read-only), with the GLib.Bytes kept alive as the array's base. numpy is imported only when
# an array is asked for.
#
# SPDX-License-Identifier: GPL-3.0-or-later

from ..module import get_introspection_module
from ..overrides import override

Ionscape = get_introspection_module('Ionscape')

__all__ = ['as_array']

_APT_DTYPES = {'pulse_delta': 'uint32', 'multiplicity': 'uint32'}
_CYCLER_DTYPES = {'cycle': 'int32', 'step': 'int32'}


class _BytesView:
    """What numpy.asarray reads: the address of a GLib.Bytes, and the Bytes itself to keep."""

    def __init__(self, data, dtype, shape):
        self.bytes = data
        self.__array_interface__ = {
            'version': 3,
            'shape': shape,
            'typestr': dtype.str,
            'data': (Ionscape.bytes_get_address(data), True),  # read-only
        }


def as_array(data, dtype='float32', shape=None):
    """A read-only numpy array over the memory of the GLib.Bytes `data`, without a copy."""
    import numpy as np

    dtype = np.dtype(dtype)
    n = data.get_size() // dtype.itemsize
    if n == 0:
        return np.empty(0 if shape is None else shape, dtype)
    array = np.asarray(_BytesView(data, dtype, (n,)))
    return array if shape is None else array.reshape(shape)


class AptData(Ionscape.AptData):
    def array(self, channel):
        """One channel ('x', 'y', 'z', 'mq', 'tof', …) as a numpy array over the ions, no copy."""
        return as_array(self.get_channel(channel), _APT_DTYPES.get(channel, 'float32'))

    @property
    def x(self):
        return self.array('x')

    @property
    def y(self):
        return self.array('y')

    @property
    def z(self):
        return self.array('z')

    @property
    def mq(self):
        return self.array('mq')

    def ion_types(self, ranges):
        """uint8 per ion: the index of its ion type in ranges.get_ion_names(), 255 unranged."""
        return as_array(self.get_ion_types(ranges, None), 'uint8')


AptData = override(AptData)
__all__.append('AptData')


class Image(Ionscape.Image):
    @property
    def data(self):
        """float32 pixels, shape (height, width), or (frames, height, width) for a series."""
        shape = (self.get_height(), self.get_width())
        if self.get_frames() > 1:
            shape = (self.get_frames(),) + shape
        return as_array(self.get_pixels(), 'float32', shape)

    def axis(self, index):
        """Calibrated coordinates of the pixels along axis 0 (x), 1 (y) or 2 (frames)."""
        import numpy as np

        n = (self.get_width(), self.get_height(), self.get_frames())[index]
        return self.get_axis_origin(index) + self.get_axis_scale(index) * np.arange(n)


Image = override(Image)
__all__.append('Image')


class CyclerData(Ionscape.CyclerData):
    def column(self, name):
        """One column per record as numpy ('time_s', 'voltage_v', 'current_ma', 'cycle', …)."""
        return as_array(self.get_column(name), _CYCLER_DTYPES.get(name, 'float64'))


CyclerData = override(CyclerData)
__all__.append('CyclerData')
