"""The trained block classifier bundle (installed as ``segmenter.models``)."""
