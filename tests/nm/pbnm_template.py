# pbnm_template.py
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
'''Fake NetworkManager for Plugboard's nm test suite (a python3-dbusmock template).

Builds on dbusmock.templates.networkmanager: its load() provides the manager and
Settings objects and its GetSettings/GetSecrets serve connection settings.  Everything
that libnm 1.42 needs to see a coherent daemon is added here: devices of every type with
their type-specific interface, active connections (VPN ones included) with StateChanged
and PropertiesChanged, and a teardown state machine driven by GLib timeouts.

The test API lives on org.freedesktop.DBus.Mock at /org/freedesktop/NetworkManager; see
tests/nm/README.md for the methods and their signatures.
'''

import uuid

import dbus
import dbusmock
from dbusmock import MOCK_IFACE
from dbusmock.templates import networkmanager as stock
from gi.repository import GLib

BUS_NAME = stock.BUS_NAME
MAIN_OBJ = stock.MAIN_OBJ
SYSTEM_BUS = True
IS_OBJECT_MANAGER = True

NM_PATH = stock.MANAGER_OBJ
NM_IFACE = stock.MANAGER_IFACE
SETTINGS_PATH = stock.SETTINGS_OBJ
SETTINGS_IFACE = stock.SETTINGS_IFACE
CONN_IFACE = stock.CSETTINGS_IFACE
DEVICE_IFACE = stock.DEVICE_IFACE
AC_IFACE = stock.ACTIVE_CONNECTION_IFACE
VPN_IFACE = 'org.freedesktop.NetworkManager.VPN.Connection'
STATISTICS_IFACE = 'org.freedesktop.NetworkManager.Device.Statistics'
PROPS_IFACE = 'org.freedesktop.DBus.Properties'

AC = stock.NMActiveConnectionState
ACTIVATING = AC.NM_ACTIVE_CONNECTION_STATE_ACTIVATING
ACTIVATED = AC.NM_ACTIVE_CONNECTION_STATE_ACTIVATED
DEACTIVATING = AC.NM_ACTIVE_CONNECTION_STATE_DEACTIVATING
DEACTIVATED = AC.NM_ACTIVE_CONNECTION_STATE_DEACTIVATED
DEV = stock.DeviceState
NMS = stock.NMState

AC_REASON_USER_DISCONNECTED = 2
AC_REASON_DEVICE_DISCONNECTED = 3
DEV_REASON_NONE = 0
DEV_REASON_USER_REQUESTED = 39
VPN_PREPARE, VPN_CONNECT, VPN_ACTIVATED, VPN_DISCONNECTED = 1, 3, 5, 7
ACTIVATION_FLAGS_READY = 0x4 | 0x8          # LAYER2_READY | IP4_READY
NEVER = 0xFFFFFFFF                          # SetActivation delay that never completes

# device state that matches an active connection state, for the devices it runs on
DEVICE_STATE_FOR = {ACTIVATING: DEV.PREPARE, ACTIVATED: DEV.ACTIVATED,
                    DEACTIVATING: DEV.DEACTIVATING, DEACTIVATED: DEV.DISCONNECTED}
VPN_STATE_FOR = {ACTIVATING: VPN_CONNECT, ACTIVATED: VPN_ACTIVATED, DEACTIVATED: VPN_DISCONNECTED}


def _u(value):
    return dbus.UInt32(value)


def _paths(items):
    return dbus.Array([dbus.ObjectPath(p) for p in items], signature='o')


def _hwaddr(n):
    return f'02:50:42:{(n >> 16) & 0xff:02X}:{(n >> 8) & 0xff:02X}:{n & 0xff:02X}'


def _wired(n):
    return {'HwAddress': _hwaddr(n), 'PermHwAddress': _hwaddr(n), 'Speed': _u(1000),
            'S390Subchannels': dbus.Array([], signature='s'), 'Carrier': True}


# NMDeviceType -> (type-specific interface libnm keys its GType on, its properties, driver)
DEVICE_TYPES = {
    1: ('Wired', _wired, 'e1000e'),
    2: ('Wireless', lambda n: {
        'HwAddress': _hwaddr(n), 'PermHwAddress': _hwaddr(n), 'Mode': _u(2), 'Bitrate': _u(54000),
        'AccessPoints': _paths([]), 'ActiveAccessPoint': dbus.ObjectPath('/'),
        'WirelessCapabilities': _u(0x3ff), 'LastScan': dbus.Int64(-1)}, 'iwlwifi'),
    5: ('Bluetooth', lambda n: {'HwAddress': _hwaddr(n), 'Name': f'Phone {n}', 'BtCapabilities': _u(1)},
        'bluez'),
    8: ('Modem', lambda n: {'ModemCapabilities': _u(0x4 | 0x8 | 0x2), 'CurrentCapabilities': _u(0x4 | 0x8),
                            'DeviceId': f'pbmodem{n}', 'OperatorCode': '00101', 'Apn': 'internet'},
        'option1'),
    9: ('Infiniband', lambda n: {'HwAddress': _hwaddr(n), 'Carrier': True}, 'ib_ipoib'),
    10: ('Bond', lambda n: {'HwAddress': _hwaddr(n), 'Carrier': True, 'Slaves': _paths([])}, 'bonding'),
    11: ('Vlan', lambda n: {'HwAddress': _hwaddr(n), 'Carrier': True, 'Parent': dbus.ObjectPath('/'),
                            'VlanId': _u(n % 4094 + 1)}, '8021q'),
    12: ('Adsl', lambda n: {'Carrier': True}, 'br2684'),
    13: ('Bridge', lambda n: {'HwAddress': _hwaddr(n), 'Carrier': True, 'Slaves': _paths([])}, 'bridge'),
    14: ('Generic', lambda n: {'HwAddress': _hwaddr(n), 'TypeDescription': 'generic'}, ''),
    15: ('Team', lambda n: {'HwAddress': _hwaddr(n), 'Carrier': True, 'Slaves': _paths([]), 'Config': '{}'},
         'team'),
    16: ('Tun', lambda n: {'Owner': dbus.Int64(-1), 'Group': dbus.Int64(-1), 'Mode': 'tun', 'NoPi': True,
                           'VnetHdr': False, 'MultiQueue': False, 'HwAddress': ''}, 'tun'),
    17: ('IPTunnel', lambda n: {'Mode': _u(1), 'Parent': dbus.ObjectPath('/'), 'Local': '', 'Remote': ''},
         'ipip'),
    18: ('Macvlan', lambda n: {'Parent': dbus.ObjectPath('/'), 'Mode': 'bridge', 'NoPromisc': False,
                               'Tap': False}, 'macvlan'),
    19: ('Vxlan', lambda n: {'HwAddress': _hwaddr(n), 'Id': _u(n)}, 'vxlan'),
    20: ('Veth', lambda n: {'Peer': dbus.ObjectPath('/')}, 'veth'),
    21: ('Macsec', lambda n: {'Parent': dbus.ObjectPath('/')}, 'macsec'),
    22: ('Dummy', lambda n: {'HwAddress': _hwaddr(n)}, 'dummy'),
    23: ('Ppp', lambda n: {}, 'ppp'),
    24: ('OvsInterface', lambda n: {}, 'openvswitch'),
    25: ('OvsPort', lambda n: {'Slaves': _paths([])}, 'openvswitch'),
    26: ('OvsBridge', lambda n: {'Slaves': _paths([])}, 'openvswitch'),
    27: ('Wpan', lambda n: {'HwAddress': _hwaddr(n)}, 'wpan'),
    28: ('Lowpan', lambda n: {'Parent': dbus.ObjectPath('/')}, 'lowpan'),
    29: ('WireGuard', lambda n: {'PublicKey': dbus.ByteArray(bytes(32)), 'ListenPort': dbus.UInt16(51820),
                                 'FwMark': _u(0)}, 'wireguard'),
    30: ('WifiP2P', lambda n: {'HwAddress': _hwaddr(n), 'Peers': _paths([])}, 'iwlwifi'),
    31: ('Vrf', lambda n: {'Table': _u(n)}, 'vrf'),
    32: ('Loopback', lambda n: {}, ''),
}

# connection.type -> the NMDeviceType it runs on
CONNECTION_DEVICE_TYPE = {'802-3-ethernet': 1, 'pppoe': 1, '802-11-wireless': 2, 'bluetooth': 5, 'gsm': 8,
                          'cdma': 8, 'tun': 16, 'wireguard': 29}

# connection.type -> extra settings sections a saved connection of that type carries
SETTING_SECTIONS = {
    'gsm': lambda: {'gsm': {'apn': 'internet', 'auto-config': False}},
    'cdma': lambda: {'cdma': {'number': '#777'}},
    'pppoe': lambda: {'pppoe': {'username': 'plugboard', 'service': ''}},
    'bluetooth': lambda: {'bluetooth': {'bdaddr': dbus.ByteArray(bytes.fromhex('001A7DDA7113')),
                                        'type': 'dun'},
                          'gsm': {'apn': 'internet'}},
    'vpn': lambda: {'vpn': {'service-type': 'org.freedesktop.NetworkManager.openvpn',
                            'data': dbus.Dictionary({'remote': 'vpn.example.test',
                                                     'connection-type': 'tls'}, signature='ss'),
                            'user-name': 'plugboard'}},
    'wireguard': lambda: {'wireguard': {'listen-port': _u(51820)}},
    '802-3-ethernet': lambda: {'802-3-ethernet': {'auto-negotiate': False}},
    '802-11-wireless': lambda: {'802-11-wireless': {'ssid': dbus.ByteArray(b'plugboard'),
                                                    'mode': 'infrastructure'}},
}


class Daemon:
    '''State the D-Bus objects alone do not hold: counters, knobs, pending timeouts.'''

    def __init__(self, main):
        self.main = main
        self.counters = {'dev': 0, 'ac': 0, 'conn': 0, 'ip4': 0}
        self.teardown = {}      # AC or device path -> (mode, delay_ms, message)
        self.activation = {}    # settings connection path or '/' -> delay_ms
        self.pending = {}       # AC or device path -> [GLib source ids]
        self.by_uuid = {}       # connection uuid -> settings connection path
        self.traffic = {}       # device path -> (rx, tx) bytes a second (SimulateTraffic)
        self.traffic_source = None

    def next_path(self, kind, prefix):
        self.counters[kind] += 1
        return f'{prefix}/{self.counters[kind]}'

    def later(self, key, delay_ms, func):
        '''Run func after delay_ms on the main loop (0: on the next turn), cancellable by key.'''
        def fire():
            self.pending[key].remove(source)
            func()
            return GLib.SOURCE_REMOVE
        source = GLib.timeout_add(delay_ms, fire)
        self.pending.setdefault(key, []).append(source)

    def cancel(self, key):
        for source in self.pending.pop(key, []):
            GLib.source_remove(source)


D = None  # the Daemon, set in load()


def obj(path):
    return dbusmock.get_object(path)


def prop(path, iface, name):
    return obj(path).props[iface][name]


def update(path, iface, changes):
    '''Set properties and emit one PropertiesChanged for those that really changed.'''
    o = obj(path)
    props = o.props[iface]
    changed = {k: v for k, v in changes.items() if k not in props or props[k] != v}
    if not changed:
        return
    props.update(changed)
    o.EmitSignal(PROPS_IFACE, 'PropertiesChanged', 'sa{sv}as',
                 [iface, dbus.Dictionary(changed, signature='sv'), dbus.Array([], signature='s')])


def append_path(path, iface, name, item):
    update(path, iface, {name: _paths(list(prop(path, iface, name)) + [item])})


def remove_path(path, iface, name, item):
    update(path, iface, {name: _paths([p for p in prop(path, iface, name) if p != item])})


def export(path, iface, props, methods, extra=None):
    D.main.AddObject(path, iface, props, methods)
    o = obj(path)
    for other_iface, other_props in (extra or {}).items():
        o.props[other_iface] = other_props
    D.main.object_manager_emit_added(path)
    return o


def unexport(path):
    D.main.object_manager_emit_removed(path)
    D.main.RemoveObject(path)


def nm_error(name, message):
    return dbus.exceptions.DBusException(message, name=f'{NM_IFACE}.{name}')


# ---------------------------------------------------------------- manager state

def refresh_manager():
    '''Derive the global State, PrimaryConnection and ActivatingConnection from the links.'''
    acs = [str(p) for p in prop(NM_PATH, NM_IFACE, 'ActiveConnections')]
    states = {p: prop(p, AC_IFACE, 'State') for p in acs}
    up = [p for p in acs if states[p] == ACTIVATED]
    primary = next((p for p in up if prop(p, AC_IFACE, 'Default')),
                   next((p for p in up if not prop(p, AC_IFACE, 'Vpn')), '/'))
    activating = next((p for p in acs if states[p] == ACTIVATING), '/')
    if ACTIVATED in states.values():
        state = NMS.NM_STATE_CONNECTED_GLOBAL
    elif ACTIVATING in states.values():
        state = NMS.NM_STATE_CONNECTING
    elif DEACTIVATING in states.values():
        state = NMS.NM_STATE_DISCONNECTING
    else:
        state = NMS.NM_STATE_DISCONNECTED
    old_state = prop(NM_PATH, NM_IFACE, 'State')
    update(NM_PATH, NM_IFACE, {
        'State': _u(state),
        'PrimaryConnection': dbus.ObjectPath(primary),
        'PrimaryConnectionType': prop(primary, AC_IFACE, 'Type') if primary != '/' else '',
        'ActivatingConnection': dbus.ObjectPath(activating),
    })
    if old_state != state:
        obj(NM_PATH).EmitSignal(NM_IFACE, 'StateChanged', 'u', [_u(state)])


# ---------------------------------------------------------------- devices

def set_device_state(dev, state, reason, active_connection=None):
    old = prop(dev, DEVICE_IFACE, 'State')
    changes = {'State': _u(state), 'StateReason': dbus.Struct((_u(state), _u(reason)), signature='uu')}
    if active_connection is not None:
        changes['ActiveConnection'] = dbus.ObjectPath(active_connection)
    update(dev, DEVICE_IFACE, changes)
    if old != state:
        obj(dev).EmitSignal(DEVICE_IFACE, 'StateChanged', 'uuu', [_u(state), old, _u(reason)])


def add_port(iface, dev_type, state, emit_list=True):
    if dev_type not in DEVICE_TYPES:
        raise dbus.exceptions.DBusException(f'unsupported device type {dev_type}',
                                            name='org.freedesktop.DBus.Error.InvalidArgs')
    type_name, type_props, driver = DEVICE_TYPES[dev_type]
    path = D.next_path('dev', NM_PATH + '/Devices')
    n = D.counters['dev']
    udi = (f'/org/freedesktop/ModemManager1/Modem/{n}' if dev_type == 8
           else f'/sys/devices/virtual/net/{iface}')
    none = dbus.ObjectPath('/')
    device_props = {
        'Udi': udi, 'Path': '', 'Interface': iface, 'IpInterface': '' if dev_type in (5, 8) else iface,
        'Driver': driver, 'DriverVersion': '', 'FirmwareVersion': '', 'Capabilities': _u(1),
        'Ip4Address': _u(0), 'State': _u(state), 'StateReason': dbus.Struct((_u(state), _u(0)), signature='uu'),
        'ActiveConnection': none, 'Ip4Config': none, 'Dhcp4Config': none, 'Ip6Config': none,
        'Dhcp6Config': none, 'Managed': True, 'Autoconnect': False, 'FirmwareMissing': False,
        'NmPluginMissing': False, 'DeviceType': _u(dev_type), 'AvailableConnections': _paths([]),
        'PhysicalPortId': '', 'Mtu': _u(1500), 'Metered': _u(0),
        'LldpNeighbors': dbus.Array([], signature='a{sv}'), 'Real': True, 'Ip4Connectivity': _u(0),
        'Ip6Connectivity': _u(0), 'InterfaceFlags': _u(0), 'HwAddress': type_props(n).get('HwAddress', ''),
        'Ports': _paths([]),
    }
    # Counters as NetworkManager keeps them: refreshed only while a client set RefreshRateMs.
    statistics = {'RefreshRateMs': _u(0), 'RxBytes': dbus.UInt64(0), 'TxBytes': dbus.UInt64(0)}
    export(path, f'{DEVICE_IFACE}.{type_name}', type_props(n),
           [], {DEVICE_IFACE: device_props, STATISTICS_IFACE: statistics})
    obj(path).AddMethods(DEVICE_IFACE, [('Disconnect', '', '', device_disconnect),
                                        ('Delete', '', '', lambda self: remove_port(self.path))])
    if emit_list:
        append_path(NM_PATH, NM_IFACE, 'Devices', path)
        append_path(NM_PATH, NM_IFACE, 'AllDevices', path)
        obj(NM_PATH).EmitSignal(NM_IFACE, 'DeviceAdded', 'o', [dbus.ObjectPath(path)])
    return path


def remove_port(dev):
    '''Unplug a device: its link goes down with it when it was the link's only device.'''
    ac = str(prop(dev, DEVICE_IFACE, 'ActiveConnection'))
    if ac != '/':
        remove_path(ac, AC_IFACE, 'Devices', dev)
        if not prop(ac, AC_IFACE, 'Devices'):
            teardown_now(ac, AC_REASON_DEVICE_DISCONNECTED)
    D.cancel(dev)
    for name in ('Devices', 'AllDevices'):
        remove_path(NM_PATH, NM_IFACE, name, dev)
    obj(NM_PATH).EmitSignal(NM_IFACE, 'DeviceRemoved', 'o', [dbus.ObjectPath(dev)])
    D.teardown.pop(dev, None)
    unexport(dev)


def device_disconnect(self):
    '''Device.Disconnect: take the device off its link; the link stays up if it has other devices.'''
    dev = self.path
    ac = str(prop(dev, DEVICE_IFACE, 'ActiveConnection'))
    state = prop(dev, DEVICE_IFACE, 'State')
    if ac == '/' or state <= DEV.DISCONNECTED:
        raise dbus.exceptions.DBusException('This device is not active', name=f'{DEVICE_IFACE}.NotActive')
    mode, delay, message = D.teardown.get(dev, ('normal', 0, ''))
    if mode == 'fail':
        raise nm_error('Failed', message)
    if state == DEV.DEACTIVATING:
        return
    D.cancel(dev)
    sole = [str(p) for p in prop(ac, AC_IFACE, 'Devices')] == [dev]
    set_device_state(dev, DEV.DEACTIVATING, DEV_REASON_USER_REQUESTED)
    if sole:
        D.cancel(ac)
        set_ac_state(ac, DEACTIVATING, AC_REASON_USER_DISCONNECTED)
    if mode == 'hang':
        return

    def finish():
        set_device_state(dev, DEV.DISCONNECTED, DEV_REASON_USER_REQUESTED, '/')
        if ac not in dbusmock.get_objects():    # the link was taken down meanwhile
            return
        remove_path(ac, AC_IFACE, 'Devices', dev)
        if sole:
            set_ac_state(ac, DEACTIVATED, AC_REASON_USER_DISCONNECTED)
            D.later(ac, 0, lambda: remove_ac(ac))
    D.later(dev, delay, finish)


# ---------------------------------------------------------------- active connections

def set_ac_state(ac, state, reason):
    update(ac, AC_IFACE, {'State': _u(state),
                          'StateFlags': _u(ACTIVATION_FLAGS_READY if state == ACTIVATED else 0)})
    obj(ac).EmitSignal(AC_IFACE, 'StateChanged', 'uu', [_u(state), _u(reason)])
    vpn_state = VPN_STATE_FOR.get(state)
    if VPN_IFACE in obj(ac).props and vpn_state is not None:
        update(ac, VPN_IFACE, {'VpnState': _u(vpn_state)})
        obj(ac).EmitSignal(VPN_IFACE, 'VpnStateChanged', 'uu', [_u(vpn_state), _u(reason)])
    refresh_manager()


def own_devices(ac):
    '''Devices whose ActiveConnection is this link (a VPN rides on its base link's device).'''
    return [str(d) for d in prop(ac, AC_IFACE, 'Devices')
            if str(prop(d, DEVICE_IFACE, 'ActiveConnection')) == ac]


def move_link(ac, state, reason, dev_reason):
    '''Move a link and its own devices; as in NetworkManager, the devices lead on the way up.'''
    if state != ACTIVATED:
        set_ac_state(ac, state, reason)
    for dev in own_devices(ac):
        set_device_state(dev, DEVICE_STATE_FOR[state], dev_reason,
                         '/' if state == DEACTIVATED else None)
    if state == ACTIVATED:
        set_ac_state(ac, state, reason)


def add_link(conn, devices, state, specific='/', emit_list=True):
    if str(conn) not in prop(SETTINGS_PATH, SETTINGS_IFACE, 'Connections'):
        raise nm_error('UnknownConnection', f'Connection {conn} does not exist')
    settings = obj(conn).settings['connection']
    conn_type = str(settings['type'])
    vpn = conn_type == 'vpn'
    path = D.next_path('ac', NM_PATH + '/ActiveConnection')
    has_default = any(prop(p, AC_IFACE, 'Default') for p in prop(NM_PATH, NM_IFACE, 'ActiveConnections'))
    none = dbus.ObjectPath('/')
    props = {
        'Connection': dbus.ObjectPath(conn), 'SpecificObject': dbus.ObjectPath(specific),
        'Id': settings['id'], 'Uuid': settings['uuid'], 'Type': conn_type, 'Devices': _paths(devices),
        'State': _u(state), 'StateFlags': _u(ACTIVATION_FLAGS_READY if state == ACTIVATED else 0),
        'Default': not vpn and not has_default, 'Ip4Config': none, 'Dhcp4Config': none,
        'Default6': False, 'Ip6Config': none, 'Dhcp6Config': none, 'Vpn': vpn, 'Master': none,
    }
    extra = {}
    if vpn:
        if specific == '/' and devices:
            props['SpecificObject'] = prop(devices[0], DEVICE_IFACE, 'ActiveConnection')
        extra[VPN_IFACE] = {'VpnState': _u(VPN_STATE_FOR.get(state, VPN_PREPARE)), 'Banner': 'Plugboard test VPN'}
    export(path, AC_IFACE, props, [], extra)
    if not vpn:
        for dev in devices:
            if conn not in prop(dev, DEVICE_IFACE, 'AvailableConnections'):
                append_path(dev, DEVICE_IFACE, 'AvailableConnections', conn)
            set_device_state(dev, DEVICE_STATE_FOR.get(state, DEV.PREPARE), DEV_REASON_NONE, path)
    if emit_list:
        append_path(NM_PATH, NM_IFACE, 'ActiveConnections', path)
        refresh_manager()
    return path


def remove_ac(ac):
    '''Unexport a finished link; VPNs that ran over it go down with it.'''
    D.cancel(ac)
    D.teardown.pop(ac, None)
    for vpn in list(prop(NM_PATH, NM_IFACE, 'ActiveConnections')):
        if prop(vpn, AC_IFACE, 'Vpn') and prop(vpn, AC_IFACE, 'SpecificObject') == ac:
            teardown_now(str(vpn), AC_REASON_DEVICE_DISCONNECTED)
    remove_path(NM_PATH, NM_IFACE, 'ActiveConnections', ac)
    refresh_manager()
    unexport(ac)


def teardown_now(ac, reason):
    '''Take a link down in one go (replaced, unplugged or deleted underneath).'''
    D.cancel(ac)
    move_link(ac, DEACTIVATING, reason, DEV_REASON_NONE)
    move_link(ac, DEACTIVATED, reason, DEV_REASON_NONE)
    remove_ac(ac)


def deactivate_connection(_nm, ac):
    '''NetworkManager.DeactivateConnection, following the link's teardown mode.'''
    ac = str(ac)
    if ac not in prop(NM_PATH, NM_IFACE, 'ActiveConnections'):
        raise nm_error('ConnectionNotActive', 'The connection was not active.')
    mode, delay, message = D.teardown.get(ac, ('normal', 0, ''))
    if mode == 'fail':
        raise nm_error('Failed', message)
    if prop(ac, AC_IFACE, 'State') >= DEACTIVATING:
        return
    D.cancel(ac)        # a dial still in progress is abandoned (rule L1)
    move_link(ac, DEACTIVATING, AC_REASON_USER_DISCONNECTED, DEV_REASON_USER_REQUESTED)
    if mode == 'hang':
        return

    def finish():
        move_link(ac, DEACTIVATED, AC_REASON_USER_DISCONNECTED, DEV_REASON_USER_REQUESTED)
        D.later(ac, 0, lambda: remove_ac(ac))
    D.later(ac, delay, finish)


def pick_device(conn):
    '''The device NetworkManager would choose: one that had the connection, else the one its
    interface-name names, else an idle device of the right type.'''
    settings = obj(conn).settings['connection']
    devices = [str(d) for d in prop(NM_PATH, NM_IFACE, 'Devices')]
    dev_type = CONNECTION_DEVICE_TYPE.get(str(settings['type']))
    for fits in (lambda d: conn in prop(d, DEVICE_IFACE, 'AvailableConnections'),
                 lambda d: prop(d, DEVICE_IFACE, 'Interface') == settings.get('interface-name'),
                 lambda d: (prop(d, DEVICE_IFACE, 'DeviceType') == dev_type
                            and prop(d, DEVICE_IFACE, 'State') == DEV.DISCONNECTED)):
        dev = next((d for d in devices if fits(d)), None)
        if dev:
            return dev
    return '/'


def activate_connection(_nm, conn, dev, specific):
    '''NetworkManager.ActivateConnection: ACTIVATING now, ACTIVATED after the activation delay.'''
    conn, dev, specific = str(conn), str(dev), str(specific)
    if conn not in prop(SETTINGS_PATH, SETTINGS_IFACE, 'Connections'):
        raise nm_error('UnknownConnection', f'Connection {conn} is not available')
    if obj(conn).settings['connection']['type'] == 'vpn':
        base = specific if specific != '/' else str(prop(NM_PATH, NM_IFACE, 'PrimaryConnection'))
        if base == '/' or base not in prop(NM_PATH, NM_IFACE, 'ActiveConnections'):
            raise nm_error('UnknownConnection', 'No base connection for the VPN to run on')
        devices, specific = [str(d) for d in prop(base, AC_IFACE, 'Devices')], base
    else:
        if dev == '/':
            dev = pick_device(conn)
        if dev == '/' or dev not in prop(NM_PATH, NM_IFACE, 'Devices'):
            raise nm_error('UnknownDevice', f'No suitable device found for {conn}')
        old = str(prop(dev, DEVICE_IFACE, 'ActiveConnection'))
        if old != '/':
            teardown_now(old, AC_REASON_USER_DISCONNECTED)
        devices = [dev]
    ac = add_link(conn, devices, ACTIVATING, specific)
    delay = D.activation.get(conn, D.activation.get('/', 0))
    if delay != NEVER:
        D.later(ac, delay, lambda: move_link(ac, ACTIVATED, 0, DEV_REASON_NONE))
    return dbus.ObjectPath(ac)


def add_and_activate_connection(nm, settings, dev, specific):
    conn = add_connection(settings)
    return dbus.ObjectPath(conn), activate_connection(nm, conn, dev, specific)


# ---------------------------------------------------------------- settings

def add_connection(settings, emit_list=True):
    connection = settings.setdefault('connection', {})
    if 'uuid' not in connection:
        connection['uuid'] = str(uuid.uuid4())
    if connection['uuid'] in D.by_uuid:
        raise nm_error('Settings.UuidExists', f"A connection with UUID {connection['uuid']} already exists")
    path = D.next_path('conn', SETTINGS_PATH)
    o = export(path, CONN_IFACE,
               {'Unsaved': False, 'Flags': _u(0),
                'Filename': f"/etc/NetworkManager/system-connections/{connection['id']}.nmconnection"},
               [('Delete', '', '', lambda self: delete_connection(self.path)),
                ('GetSettings', '', 'a{sa{sv}}', stock.ConnectionGetSettings),
                ('GetSecrets', 's', 'a{sa{sv}}', stock.ConnectionGetSecrets),
                ('Update', 'a{sa{sv}}', '', update_connection),
                ('Save', '', '', '')])
    o.settings = settings
    o.connection_path = path
    D.by_uuid[str(connection['uuid'])] = path
    if emit_list:
        append_path(SETTINGS_PATH, SETTINGS_IFACE, 'Connections', path)
        obj(SETTINGS_PATH).EmitSignal(SETTINGS_IFACE, 'NewConnection', 'o', [dbus.ObjectPath(path)])
    return path


def add_saved(conn_id, conn_uuid, conn_type, emit_list=True):
    settings = {'connection': {'id': conn_id, 'uuid': conn_uuid, 'type': conn_type, 'autoconnect': False}}
    settings.update(SETTING_SECTIONS.get(conn_type, lambda: {conn_type: {}})())
    return add_connection(settings, emit_list)


def update_connection(self, settings):
    self.settings = settings
    self.EmitSignal(CONN_IFACE, 'Updated', '', [])


def delete_connection(conn):
    for ac in list(prop(NM_PATH, NM_IFACE, 'ActiveConnections')):
        if str(prop(ac, AC_IFACE, 'Connection')) == conn:
            teardown_now(str(ac), AC_REASON_USER_DISCONNECTED)
    for dev in prop(NM_PATH, NM_IFACE, 'AllDevices'):
        remove_path(dev, DEVICE_IFACE, 'AvailableConnections', conn)
    remove_path(SETTINGS_PATH, SETTINGS_IFACE, 'Connections', conn)
    D.by_uuid.pop(str(obj(conn).settings['connection']['uuid']), None)
    D.activation.pop(conn, None)
    obj(SETTINGS_PATH).EmitSignal(SETTINGS_IFACE, 'ConnectionRemoved', 'o', [dbus.ObjectPath(conn)])
    obj(conn).EmitSignal(CONN_IFACE, 'Removed', '', [])
    unexport(conn)


def get_connection_by_uuid(_self, conn_uuid):
    if conn_uuid not in D.by_uuid:
        raise nm_error('Settings.InvalidConnection', f'No connection with the UUID {conn_uuid} was found.')
    return dbus.ObjectPath(D.by_uuid[conn_uuid])


# ---------------------------------------------------------------- mock API

def mock_add_link(_self, conn, devices, state):
    for dev in devices:
        if str(dev) not in prop(NM_PATH, NM_IFACE, 'AllDevices'):
            raise nm_error('UnknownDevice', f'No device {dev}')
    return add_link(str(conn), [str(d) for d in devices], int(state))


def mock_set_teardown(_self, path, mode, delay_ms, message):
    if mode not in ('normal', 'hang', 'fail'):
        raise dbus.exceptions.DBusException(f'unknown teardown mode {mode}',
                                            name='org.freedesktop.DBus.Error.InvalidArgs')
    D.teardown[str(path)] = (str(mode), int(delay_ms), str(message))


def mock_set_activation(_self, path, delay_ms):
    D.activation[str(path)] = int(delay_ms)


def mock_add_many(_self, n_links, n_ports, n_saved):
    '''Bulk population for benchmarks: n_saved gsm connections, n_ports modems, the first
    n_links of them dialled up; list properties are announced once at the end.'''
    if n_links > min(n_ports, n_saved):
        raise dbus.exceptions.DBusException('n_links must not exceed n_ports or n_saved',
                                            name='org.freedesktop.DBus.Error.InvalidArgs')
    base = D.counters['conn']
    saved = [add_saved(f'Bulk {base + i}', str(uuid.uuid4()), 'gsm', emit_list=False)
             for i in range(n_saved)]
    ports = [add_port(f'ttyBULK{D.counters["dev"] + 1}', 8, DEV.DISCONNECTED, emit_list=False)
             for _ in range(n_ports)]
    update(SETTINGS_PATH, SETTINGS_IFACE,
           {'Connections': _paths(list(prop(SETTINGS_PATH, SETTINGS_IFACE, 'Connections')) + saved)})
    links = [add_link(saved[i], [ports[i]], ACTIVATED, emit_list=False) for i in range(n_links)]
    for name in ('Devices', 'AllDevices'):
        update(NM_PATH, NM_IFACE, {name: _paths(list(prop(NM_PATH, NM_IFACE, name)) + ports)})
    update(NM_PATH, NM_IFACE,
           {'ActiveConnections': _paths(list(prop(NM_PATH, NM_IFACE, 'ActiveConnections')) + links)})
    refresh_manager()
    return (_paths(links), _paths(ports), _paths(saved))


def mock_set_ip4_config(_self, path, address, prefix, routes):
    '''Give a device or an active connection an IPv4 configuration: one address, and routes as
    (destination, prefix, metric). The routes are what the graph matches a drive's server against.'''
    config = D.next_path('ip4', NM_PATH + '/IP4Config')
    export(config, 'org.freedesktop.NetworkManager.IP4Config', {
        'Addresses': dbus.Array([], signature='au'),
        'AddressData': dbus.Array([dbus.Dictionary({'address': str(address), 'prefix': _u(prefix)}, signature='sv')],
                                  signature='a{sv}'),
        'Gateway': '', 'Routes': dbus.Array([], signature='au'),
        'RouteData': dbus.Array([dbus.Dictionary({'dest': str(d), 'prefix': _u(p), 'metric': _u(m)}, signature='sv')
                                 for d, p, m in routes], signature='a{sv}'),
        'NameserverData': dbus.Array([], signature='a{sv}'), 'Nameservers': dbus.Array([], signature='u'),
        'Domains': dbus.Array([], signature='s'), 'Searches': dbus.Array([], signature='s'),
        'DnsOptions': dbus.Array([], signature='s'), 'DnsPriority': dbus.Int32(0),
        'WinsServerData': dbus.Array([], signature='s'), 'WinsServers': dbus.Array([], signature='u'),
    }, [])
    iface = AC_IFACE if '/ActiveConnection/' in str(path) else DEVICE_IFACE
    update(str(path), iface, {'Ip4Config': dbus.ObjectPath(config)})
    return dbus.ObjectPath(config)


def mock_set_statistics(_self, dev, rx_bytes, tx_bytes):
    '''The kernel's counters of a device moved on: NetworkManager publishes them only while its
    RefreshRateMs is not 0. Returns whether it did.'''
    if int(prop(str(dev), STATISTICS_IFACE, 'RefreshRateMs')) == 0:
        return False
    update(str(dev), STATISTICS_IFACE, {'RxBytes': dbus.UInt64(rx_bytes), 'TxBytes': dbus.UInt64(tx_bytes)})
    return True


def mock_simulate_traffic(_self, dev, rx_per_s, tx_per_s):
    '''For the demo: the device's counters grow by these many bytes a second, published each
    second while a client asked for a refresh rate.'''
    D.traffic[str(dev)] = (int(rx_per_s), int(tx_per_s))
    if D.traffic_source is None:
        D.traffic_source = GLib.timeout_add(1000, _traffic_tick)


def _traffic_tick():
    for dev, (rx, tx) in D.traffic.items():
        if int(prop(dev, STATISTICS_IFACE, 'RefreshRateMs')) != 0:
            update(dev, STATISTICS_IFACE, {'RxBytes': dbus.UInt64(prop(dev, STATISTICS_IFACE, 'RxBytes') + rx),
                                           'TxBytes': dbus.UInt64(prop(dev, STATISTICS_IFACE, 'TxBytes') + tx)})
    return GLib.SOURCE_CONTINUE


def load(mock, parameters):
    global D  # pylint: disable=global-statement
    stock.load(mock, parameters)
    D = Daemon(mock)
    nm = obj(NM_PATH)
    nm.AddProperties(NM_IFACE, {
        'AllDevices': _paths([]), 'Checkpoints': _paths([]), 'PrimaryConnection': dbus.ObjectPath('/'),
        'PrimaryConnectionType': '', 'ActivatingConnection': dbus.ObjectPath('/'), 'Metered': _u(0),
        'Capabilities': dbus.Array([], signature='u'), 'ConnectivityCheckAvailable': False,
        'ConnectivityCheckEnabled': False, 'ConnectivityCheckUri': '', 'RadioFlags': _u(0),
        'GlobalDnsConfiguration': dbus.Dictionary({}, signature='sv'),
    })
    nm.props[NM_IFACE]['State'] = _u(NMS.NM_STATE_DISCONNECTED)
    # stock's ActivateConnection/DeactivateConnection call these hooks
    nm.activate_connection = activate_connection
    nm.deactivate_connection = deactivate_connection
    nm.AddMethods(NM_IFACE, [
        ('GetDevices', '', 'ao', lambda self: prop(NM_PATH, NM_IFACE, 'Devices')),
        ('GetAllDevices', '', 'ao', lambda self: prop(NM_PATH, NM_IFACE, 'AllDevices')),
        ('AddAndActivateConnection', 'a{sa{sv}}oo', 'oo', add_and_activate_connection),
    ])
    nm.AddMethods(MOCK_IFACE, [
        ('AddPort', 'suu', 'o', lambda self, iface, t, state: add_port(str(iface), int(t), int(state))),
        ('RemovePort', 'o', '', lambda self, dev: remove_port(str(dev))),
        ('AddSavedConnection', 'sss', 'o', lambda self, i, u, t: add_saved(str(i), str(u), str(t))),
        ('AddLink', 'oaou', 'o', mock_add_link),
        ('SetTeardown', 'osus', '', mock_set_teardown),
        ('SetActivation', 'ou', '', mock_set_activation),
        ('AddMany', 'uuu', 'aoaoao', mock_add_many),
        ('SetIp4Config', 'osua(suu)', 'o', mock_set_ip4_config),
        ('SetStatistics', 'ott', 'b', mock_set_statistics),
        ('SimulateTraffic', 'ouu', '', mock_simulate_traffic),
    ])
    settings = obj(SETTINGS_PATH)
    settings.AddMethods(SETTINGS_IFACE, [
        ('AddConnection', 'a{sa{sv}}', 'o', lambda self, s: add_connection(s)),
        ('AddConnectionUnsaved', 'a{sa{sv}}', 'o', lambda self, s: add_connection(s)),
        ('AddConnection2', 'a{sa{sv}}ua{sv}', 'oa{sv}',
         lambda self, s, flags, args: (add_connection(s), dbus.Dictionary({}, signature='sv'))),
        ('GetConnectionByUuid', 's', 'o', get_connection_by_uuid),
    ])
    refresh_manager()
