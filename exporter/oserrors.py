"""The operating system's reasons for a failed file operation, in the words a clerk reads (Chinese, never strerror)."""

from __future__ import annotations

import errno

# errno → what went wrong and, where the clerk can do something, what to do.
_REASONS: dict[int, str] = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EFBIG: "文件超过了系统允许的大小",
    errno.EACCES: "没有权限（读取或写入被拒绝）",
    errno.EPERM: "操作不被允许（没有权限）",
    errno.EROFS: "这是只读文件系统，不能写入",
    errno.ENOENT: "文件或文件夹不存在",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.EEXIST: "已经存在同名的文件",
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.ELOOP: "符号链接形成了循环（链接指向自己）",
    errno.EIO: "读写设备出错（磁盘或网络盘可能有故障）",
    errno.EBUSY: "文件正被其他程序占用",
    errno.ETXTBSY: "文件正被其他程序占用",
    errno.EMFILE: "打开的文件太多",
    errno.ENFILE: "系统打开的文件太多",
    errno.ENOMEM: "内存不足",
    errno.EXDEV: "不能跨磁盘移动文件",
    errno.EINVAL: "文件名或操作无效",
    errno.ENXIO: "设备不存在或没有连接",
    errno.ENODEV: "设备不支持这种操作",
    errno.ESTALE: "网络文件已失效，请重新打开所在的文件夹",
    errno.ENOLCK: "无法给文件加锁",
    errno.EAGAIN: "资源暂时不可用，请稍后再试",
    errno.EINTR: "操作被中断",
}

PERMISSION_HINT = "检查这个位置能否写入：换一个有写入权限的文件夹，或请管理员开放权限。"
_HINTS: dict[int, str] = {
    errno.ENOSPC: "清理磁盘空间后重试，或用 --out 指定另一个磁盘上的文件夹。",
    errno.EDQUOT: "清理磁盘空间后重试，或用 --out 指定另一个文件夹。",
    errno.EFBIG: "用 --out 指定另一个磁盘上的文件夹。",
    errno.EACCES: PERMISSION_HINT,
    errno.EPERM: PERMISSION_HINT,
    errno.EROFS: "用 --out 指定一个可以写入的文件夹（U 盘可能开了写保护）。",
    errno.ENOTDIR: "检查路径：其中有一段是文件而不是文件夹。",
    errno.ENAMETOOLONG: "把文件名或文件夹名改短一些。",
    errno.ELOOP: "检查这个符号链接指向哪里，改为指向真实的文件。",
}


def reason(exc: OSError) -> str:
    """Why the operation failed, in Chinese; the errno number stands in for an unknown reason."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    code = errno.errorcode.get(exc.errno or 0)
    return f"系统错误（{code}）" if code else "系统错误"


def hint(exc: OSError) -> str:
    """What the clerk can do about it, or an empty string."""
    return _HINTS.get(exc.errno or 0, "")
