"""The local web page (`exporter serve`): import, structure, 公文 elements, preview and downloads, on loopback only."""
